// --jq <expr>: JSON output filtered with jq itself (jq compiled to WebAssembly, the jq-wasm
// package), loaded only when --jq is given. Strings come out raw, as with `jq -r` and gh's --jq.
import { TopoError, UsageError } from '../core/errors.ts';
import { sanitizeMultiline } from '../render/sanitize.ts';

type JqModule = { raw(data: string, filter: string, flags?: string[]): Promise<string> };

async function load(): Promise<JqModule> {
  return (await import('jq-wasm')) as unknown as JqModule;
}

/** jq's own words, without its prefix noise; never raw control characters. */
function jqMessage(error: unknown): string {
  const text = (error as Error).message.replace(/^Failed to execute raw query: /, '').trim();
  return sanitizeMultiline(text.split('\n').filter((line) => !/^jq: \d+ compile errors?$/.test(line)).join('\n'));
}

/** Compiles the expression against `null`: a syntax error is a usage error before anything is sent. */
export async function checkJq(expression: string): Promise<void> {
  const jq = await load();
  try {
    await jq.raw('null', expression, ['-r']);
  } catch (error) {
    if (/compile error|syntax error|is not defined/.test((error as Error).message)) {
      throw new UsageError(`--jq: ${jqMessage(error)}`, 'the expression is jq\'s language: https://jqlang.org/manual/');
    }
    // A runtime error on null (`.[]`, `keys`) says nothing about the real output.
  }
}

/** Filters JSON text (one value or a stream of values, as --json and --ndjson print). */
export async function runJq(expression: string, json: string): Promise<string> {
  if (!json.trim()) return '';
  const jq = await load();
  try {
    const output = await jq.raw(json, expression, ['-r']);
    return output && !output.endsWith('\n') ? `${output}\n` : output;
  } catch (error) {
    throw new TopoError(`--jq: ${jqMessage(error)}`);
  }
}
