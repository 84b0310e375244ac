// Bundles src/main.ts into dist/ as ESM with code splitting: the start-up path holds only what
// every command needs; the sandbox, prompts, tables and conf load as separate chunks on demand.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outdir = new URL('../dist/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { topo: new URL('./main.ts', import.meta.url).pathname },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  chunkNames: 'chunk-[hash]',
  define: { __TOPO_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies (cli-table3) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __topoRequire } from 'node:module'; const require = __topoRequire(import.meta.url);" },
  logLevel: 'warning',
});
