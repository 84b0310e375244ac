// Bundles the CLI for start-up speed, measured on Node 20 (see README, Performance):
// - dist/topo.cjs: all of topo's own code plus commander and picocolors, as CommonJS (an ESM entry
//   costs ~5-10 ms more to start). Modules reached by dynamic import() (the HTTP core, commands,
//   the sandbox) are wrapped by esbuild in lazy initialisers, so they cost nothing until used.
// - dist/vendor/*.cjs: the heavy packages (prompts, tables, conf, jq), each loaded on first use only.
// - dist/topo.cache: V8's code cache for dist/topo.cjs after a one-page `tasks ls` run, which bin/topo hands to
//   V8: compiling the bundle is ~9 ms of an ~80 ms start, ~1 ms from the cache. The bundle keeps no
//   native import() (it cannot run from a vm.Script without an experimental loader): every import()
//   becomes a require, so the vendor files are CommonJS marked __esModule, which esbuild's interop
//   turns back into the same named and default exports the packages give (and the tests see).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
const VENDOR = { '@inquirer/prompts': 'prompts.cjs', '@inquirer/core': 'prompt-core.cjs', 'cli-table3': 'table.cjs', conf: 'conf.cjs', 'jq-web': 'jq.cjs' };
// jq's export is a promise, which an import would take for the module itself: it is required (see jq-engine.ts).
const VENDOR_ENTRY = {
  '@inquirer/prompts': "export * from '@inquirer/prompts';",
  '@inquirer/core': "export * from '@inquirer/core';",
  'cli-table3': "import Table from 'cli-table3'; export default Table;",
  conf: "export { default } from 'conf';",
  'jq-web': "module.exports = require('jq-web');",
};
const common = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', legalComments: 'none', logLevel: 'warning', minify: true, keepNames: true,
  // src/cmdutil/jq-engine.ts reads import.meta only when run from the sources, never in the bundle.
  logOverride: { 'empty-import-meta': 'silent' } };

rmSync(`${root}/dist`, { recursive: true, force: true });
// jq's WebAssembly is loaded from beside its loader.
mkdirSync(`${root}/dist/vendor`, { recursive: true });
copyFileSync(`${root}/node_modules/jq-web/jq.wasm`, `${root}/dist/vendor/jq.wasm`);
await Promise.all([
  ...Object.entries(VENDOR).map(([name, file]) => build({ ...common, stdin: { contents: VENDOR_ENTRY[name], resolveDir: root }, outfile: `${root}/dist/vendor/${file}` })),
  build({ ...common, entryPoints: [`${root}/src/providers/topo/sandbox.ts`], outfile: `${root}/dist/sandbox.cjs` }),
  build({
    ...common,
    entryPoints: [`${root}/src/entry/main.ts`],
    outfile: `${root}/dist/topo.cjs`,
    supported: { 'dynamic-import': false },
    define: { __TOPO_VERSION__: JSON.stringify(pkg.version) },
    plugins: [{
      name: 'vendor',
      setup(b) {
        b.onResolve({ filter: /^(@inquirer\/prompts|@inquirer\/core|cli-table3|conf|jq-web)$/ }, (args) => ({ path: `./vendor/${VENDOR[args.path]}`, external: true }));
        // commander requires child_process (loading net, streams and dgram: ~5 ms) for executable
        // subcommands, which topo does not use; it gets a stand-in that loads the real one if ever called.
        b.onResolve({ filter: /^node:child_process$/ }, (args) => (args.importer.includes('commander') ? { path: 'lazy-child-process', namespace: 'topo' } : undefined));
        b.onLoad({ filter: /^lazy-child-process$/, namespace: 'topo' }, () => ({
          contents: "module.exports = { spawn: (...args) => require('child_process').spawn(...args) };",
          loader: 'js',
        }));
        // picocolors guesses colour support when loaded, by asking process.stdout, which creates the
        // stream (3-4 ms of stream and tty machinery). topo decides colour itself (createColors), so
        // the guess is taken out.
        b.onLoad({ filter: /picocolors[\\/]picocolors\.js$/ }, async (args) => ({
          contents: readFileSync(args.path, 'utf8').replace('((p.stdout || {}).isTTY && env.TERM !== "dumb")', 'false'),
          loader: 'js',
        }));
        // A native addon cannot be bundled: the optional dependency is required from node_modules.
        b.onResolve({ filter: /^@napi-rs\/keyring$/ }, () => ({ path: '@napi-rs/keyring', external: true }));
        // The sandbox is a program of its own: only --sandbox and `sandbox serve` load it.
        b.onResolve({ filter: /topo\/sandbox\.ts$/ }, () => ({ path: './sandbox.cjs', external: true }));
      },
    }],
  }),
]);

// The code cache: bin/topo, run as a user runs it, writes V8's cache for the bundle when it exits.
// The run is the hot path, a one-page `tasks ls` (against the embedded sandbox, whose code is a file
// of its own): measured, −2.6 ms on it against a cache made from `--help`, and `--help` the same.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'topo-build-'));
try {
  execFileSync(process.execPath, [`${root}/bin/topo`, '--sandbox', 'tasks', 'ls', '--size', '1'], {
    stdio: 'ignore', env: { PATH: process.env.PATH, NO_COLOR: '1', TOPO_CONFIG_DIR: scratch, TOPO_BUILD_CODE_CACHE: `${root}/dist/topo.cache` },
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
