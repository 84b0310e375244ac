// --jq <expr>: JSON output filtered with jq itself (jq 1.7 compiled to WebAssembly, the jq-web
// package), loaded only when --jq is given. Strings come out raw, as with `jq -r` and gh's --jq.
import { TopoError, UsageError } from '../core/errors.ts';
import { sanitizeMultiline } from '../render/sanitize.ts';

type Jq = { raw(data: string, filter: string, flags?: string[]): string };
type JqFailure = Error & { exitCode?: number; stderr?: string };

/** jq's exit code for an expression that does not compile. */
const COMPILE_ERROR = 3;

async function load(): Promise<Jq> {
  return (await import('./jq-engine.ts')).engine();
}

/** jq's own words (without the wrapper's "Non-zero exit code" line); never raw control characters. */
function jqMessage(error: JqFailure): string {
  const text = (error.stderr ?? error.message).split('\n').filter((line) => line && !/^Non-zero exit code/.test(line) && !/^jq: \d+ compile errors?$/.test(line)).join('\n');
  return sanitizeMultiline(text.trim());
}

/** Compiles the expression against `null`: a syntax error is a usage error before anything is sent. */
export async function checkJq(expression: string): Promise<void> {
  const jq = await load();
  try {
    jq.raw('null', expression, ['-r']);
  } catch (error) {
    // A runtime error on null (`.[]`, `keys`) says nothing about the real output.
    if ((error as JqFailure).exitCode === COMPILE_ERROR) throw new UsageError(`--jq: ${jqMessage(error as JqFailure)}`, "the expression is jq's language: https://jqlang.org/manual/");
  }
}

/** Filters JSON text (one value or a stream of values, as --json and --ndjson print). */
export async function runJq(expression: string, json: string): Promise<string> {
  if (!json.trim()) return '';
  const jq = await load();
  try {
    const output = jq.raw(json, expression, ['-r']);
    return output && !output.endsWith('\n') ? `${output}\n` : output;
  } catch (error) {
    throw new TopoError(`--jq: ${jqMessage(error as JqFailure)}`);
  }
}
