// The bundle's entry point: real process streams in, exit code out.
import { main } from './cli.ts';
import { FdStream } from './lib/fd-stream.ts';

const onClosed = () => process.exit(0);
void main(process.argv.slice(2), {
  stdout: new FdStream(1, onClosed),
  stderr: new FdStream(2, onClosed),
  // process.stdin is a getter: only commands that read stdin pay for creating it.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
}).then((code) => {
  process.exitCode = code;
  // Never hang on a stray handle.
  setTimeout(() => process.exit(code), 3000).unref();
});
