// jq-web's export is a promise of jq, which an import() would take for the module itself (and
// fail on), so it is required. In the bundle, `require` is CommonJS's and esbuild points it at
// dist/vendor/jq.cjs; run from the sources (the tests), a require is made for this module.
import { createRequire } from 'node:module';

type Jq = { raw(data: string, filter: string, flags?: string[]): string };

declare const require: NodeJS.Require | undefined;

export function engine(): Promise<Jq> {
  if (typeof require === 'function') return require('jq-web');
  return createRequire(import.meta.url)('jq-web');
}
