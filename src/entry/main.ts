// The bundle's entry point: the only code that touches the real process (streams, environment,
// signals, the terminal). Everything below receives them as an Io.
import v8 from 'node:v8';
import { main } from '../cli.ts';
import { processIo } from './process-io.ts';

// Keep the young generation at its initial size: V8 otherwise doubles it while a long export
// allocates page after page, and peak memory grows with the export (measured: 25k → 250k tasks,
// 90 → 118 MB by default, 75 → 80 MB with this). A flag read at each resize, so it can be set here.
v8.setFlagsFromString('--semi-space-growth-factor=1');

void main(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
  // Never hang on a stray handle.
  setTimeout(() => process.exit(code), 3000).unref();
});
