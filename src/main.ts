// The bundle's entry point: real process streams in, exit code out.
import { main } from './cli.ts';

const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
process.exitCode = code;
// Let pending output drain; never hang on a stray handle.
setTimeout(() => process.exit(code), 3000).unref();
