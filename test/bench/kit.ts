// What every bench case shares: running a command and its peak memory, medians, the sandbox in
// its own process, the table's rows, and the hand-written reference clients topo is measured against.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX_KEYS } from '../../src/providers/topo/sandbox.ts';
import { OUTREACH_SANDBOX } from '../../src/providers/outreach/sandbox.ts';

// npm runs scripts from the package root.
export const ROOT = process.cwd();
export const BIN = path.join(ROOT, 'bin', 'topo');
export const args = process.argv.slice(2);
export const QUICK = args.includes('--quick');
/** Timed exports, each side, per row: the median of these (2 cores shared with the server make single runs noisy). */
export const RUNS = QUICK ? 1 : 5;
export const OUT = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined;
export const work = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-bench-'));

export interface Row {
  case: string;
  measured: string;
  reference: string;
  ratio: number | null;
  target: string;
  met: boolean | null;
}
export const rows: Row[] = [];

export interface Run {
  ms: number;
  stdout: string;
  stderr: string;
  code: number;
  peakRssMb: number;
}

/**
 * Runs a command to its end: its time, output and peak memory. Its stdout goes to a file (or
 * nowhere), as `> tasks.ndjson` would: a pipe read here would spend this process's CPU, and the
 * in-process sandboxes', on the output while the time runs (40 MB for a 50,000-task export).
 */
export function run(command: string, commandArgs: string[], env: Record<string, string> = {}, options: { keepStdout?: boolean; input?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const outFile = options.keepStdout ? path.join(work, `stdout-${process.pid}-${Math.random().toString(36).slice(2)}.txt`) : undefined;
    const out = outFile ? fs.openSync(outFile, 'w') : 'ignore';
    const started = process.hrtime.bigint();
    const child = spawn(command, commandArgs, { env: { ...process.env, ...env }, stdio: ['pipe', out, 'pipe'] });
    if (typeof out === 'number') fs.closeSync(out);
    let stderr = '';
    let peak = 0;
    const poll = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
      } catch {
        // exited
      }
    }, 10);
    child.stderr!.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearInterval(poll);
      const stdout = outFile ? fs.readFileSync(outFile, 'utf8') : '';
      if (outFile) fs.rmSync(outFile, { force: true });
      resolve({ ms, stdout, stderr, code: code ?? -1, peakRssMb: peak });
    });
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(options.input ?? '');
  });
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Medians of several commands, runs interleaved so that machine noise hits each alike. */
export async function medians(commands: Array<[string, string[], Record<string, string>?]>, runs: number): Promise<number[]> {
  for (const [command, commandArgs, env] of commands) await run(command, commandArgs, env); // warm-up
  const times: number[][] = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [index, [command, commandArgs, env]] of commands.entries()) times[index]!.push((await run(command, commandArgs, env)).ms);
  }
  return times.map(median);
}

export interface Server {
  url: string;
  close: () => Promise<void>;
}

export async function sandbox(options: string[]): Promise<Server> {
  const state = path.join(work, `state-${Math.random().toString(36).slice(2)}.json`);
  const child = spawn(process.execPath, [BIN, 'sandbox', 'serve', '--port', '0', '--state', state, ...options], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, TOPO_CONFIG_DIR: work } });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const line = /http:\/\/127\.0\.0\.1:\d+/.exec(text)?.[0];
      if (line) resolve(line);
    });
    child.on('close', () => reject(new Error('sandbox did not start')));
  });
  return {
    url,
    close: () => new Promise((resolve) => {
      child.removeAllListeners('close');
      child.on('close', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

export function record(row: Row): void {
  rows.push(row);
  const ratio = row.ratio === null ? '' : `${row.ratio.toFixed(2)}×`;
  process.stderr.write(`  ${row.case}: ${row.measured} vs ${row.reference} ${ratio} (target ${row.target}) ${row.met === null ? '' : row.met ? 'met' : 'NOT met'}\n`);
}

export function referenceScript(name: string, body: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, body);
  return file;
}

/**
 * The ideal hand-written client of a Topo export: offset pages 10 at a time, pinned by
 * created_at_before, only parsed (its output is written the way topo writes it).
 */
export function idealOffsetExport(name: string, url: string, query: string): string {
  return referenceScript(name, `const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
const base = ${JSON.stringify(url)} + '/v1/tasks?${query}size=100&created_at_before=' + encodeURIComponent(new Date().toISOString());
function page(n) {
  return new Promise((resolve, reject) => http.get(base + '&page=' + n, { agent, headers: { authorization: 'Bearer ${SANDBOX_KEYS.write}' } }, (res) => {
    let body = ''; res.setEncoding('utf8'); res.on('data', (c) => (body += c)); res.on('end', () => resolve(JSON.parse(body)));
  }).on('error', reject));
}
(async () => {
  const first = await page(1);
  const out = (p) => { if (p.items.length) process.stdout.write(p.items.map((t) => JSON.stringify(t)).join('\\n') + '\\n'); };
  out(first);
  const pending = new Map();
  let next = 2;
  for (let n = 2; n <= first.total_pages; n++) {
    while (pending.size < 10 && next <= first.total_pages) { pending.set(next, page(next)); next++; }
    const p = await pending.get(n); pending.delete(n); out(p);
  }
  agent.destroy();
})();`);
}

/** The Outreach references' shared head: a GET of one page, and a walk along links.next printing each task as a line. */
function outreachClientHead(): string {
  return `const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
const get = (url) => new Promise((resolve, reject) => http.get(url, { agent, headers: { authorization: 'Bearer ${OUTREACH_SANDBOX.token}', accept: 'application/vnd.api+json' } }, (res) => {
  let body = ''; res.setEncoding('utf8'); res.on('data', (c) => (body += c)); res.on('end', () => resolve(JSON.parse(body)));
}).on('error', reject));
const walk = async (url, out) => { for (let next = url; next; ) { const page = await get(next); for (const task of page.data) out.push(JSON.stringify(task)); next = page.links && page.links.next; } };`;
}

/** An Outreach listing of pages of 1,000 (`query` adds filters), following links.next page after page. */
export function sequentialCursorExport(name: string, url: string, query: string): string {
  const base = `${url}/api/v2/tasks?page%5Bsize%5D=1000${query}`;
  return referenceScript(name, `${outreachClientHead()}
(async () => { const ids = []; await walk(${JSON.stringify(base)}, ids); process.stdout.write(ids.join('\\n') + '\\n'); agent.destroy(); })();`);
}

/** The ideal Outreach client: it knows the ids are 1..count and walks 10 id ranges at once, each by cursor. */
export function idealRangesExport(name: string, url: string, count: number, query: string): string {
  const base = `${url}/api/v2/tasks?page%5Bsize%5D=1000${query}`;
  return referenceScript(name, `${outreachClientHead()}
(async () => {
  const parts = Array.from({ length: 10 }, (_, i) => [Math.floor((${count} * i) / 10) + 1, Math.floor((${count} * (i + 1)) / 10)]);
  const lists = parts.map(() => []);
  await Promise.all(parts.map(([a, b], i) => walk(${JSON.stringify(base)} + '&filter%5Bid%5D=' + a + '..' + b, lists[i])));
  process.stdout.write(lists.flat().join('\\n') + '\\n'); agent.destroy();
})();`);
}
