// Subjects, bodies and names come from outside the company. Before any of it reaches a terminal
// or a text pipe, every control character is made visible, so an escape sequence can neither
// recolour the screen, retitle the window, hide text (CR overprint, bidi overrides) nor ring the bell.
// Secrets a server echoes back (a key in an error message) are redacted from everything written.
import type { OutputStream } from '../core/io.ts';

// C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates and marks, line/paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code); // control pictures: ␛ ␇ ␀ ␍
  if (code === 0x7f) return '\u2421'; // ␡
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** One line: newlines and tabs are made visible too, so a value can never break a row or a column. */
export function sanitizeInline(value: string): string {
  return value.replace(UNSAFE, visible);
}

/** Several lines: keeps \n (CRLF becomes \n), expands tabs, makes every other control visible. */
export function sanitizeMultiline(value: string): string {
  return value
    .replace(/\r\n/g, '\n')
    .replace(/\t/g, '    ')
    .replace(UNSAFE, (char) => (char === '\n' ? char : visible(char)));
}

const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON.stringify escapes C0 controls; this also escapes DEL, C1 and bidi controls. Same data, still valid JSON. */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(JSON_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A user's input echoed in a message: control characters made visible, long input cut. */
export function shown(raw: string, max = 60): string {
  const text = sanitizeInline(raw);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A secret as people may see it: never more than its last 4 characters. */
export function maskKey(key: string): string {
  // Four characters are shown only when at least twelve stay hidden: a short key is not given away.
  return key.length < 16 ? '****' : `****${key.slice(-4)}`;
}

/** Every occurrence of a secret (a key, a token, a client secret) in `text` replaced; short values are left alone. */
export function redact(text: string, secrets: ReadonlySet<string>): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join('[redacted]');
  return out;
}

/** A stream whose every write is redacted of the secrets known by then (they are learnt as the run goes). */
export function redacting<S extends OutputStream>(stream: S, secrets: ReadonlySet<string>): S {
  return new Proxy(stream, {
    get(target, property, receiver) {
      if (property === 'write') return (chunk: string) => target.write(secrets.size ? redact(chunk, secrets) : chunk);
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
