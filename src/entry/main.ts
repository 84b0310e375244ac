// The bundle's entry point: the only code that touches the real process (streams, environment,
// signals, the terminal). Everything below receives them as an Io.
import { main } from '../cli.ts';
import { processIo } from './process-io.ts';

void main(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
  // Never hang on a stray handle.
  setTimeout(() => process.exit(code), 3000).unref();
});
