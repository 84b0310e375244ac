// Task ids from stdin.
import { TOPO } from '../../../providers/topo/spec.ts';
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { collectIds, parseIdText } from './ids.ts';

describe('ids from stdin', () => {
  it('reads ids from lines, a JSON array and NDJSON, keeping line numbers', () => {
    expect(parseIdText('a\n\n# comment\nb\n').map((e) => [e.line, e.value])).toEqual([[1, 'a'], [4, 'b']]);
    expect(parseIdText('[\n{"id":"x"},\n{"id":"y"}\n]\n').map((e) => e.line)).toEqual([2, 3]);
    expect(parseIdText('{"id":"x"}\n{"id":"y"}').map((e) => (e.value as { id: string }).id)).toEqual(['x', 'y']);
  });

  it('echoes bad lines with control characters made visible, cut when long, binary included', async () => {
    const stdin = (text: string | Buffer) => Object.assign(Readable.from([Buffer.from(text)]), { isTTY: false });
    const error = await collectIds(['-'], stdin('\u001b]0;PWNED\u0007\u001b[2Jabc\n' + 'y'.repeat(300) + '\n'), TOPO.taskIds).catch((e: Error) => e);
    expect((error as Error).message).not.toMatch(/\u001b|\u0007/);
    expect((error as Error).message).toContain('␛]0;PWNED␇␛[2Jabc');
    expect((error as Error).message).toMatch(/y{20,}…/);
    expect((error as Error).message.length).toBeLessThan(400);
    const binary = await collectIds(['-'], stdin(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x1b, 0x0a])), TOPO.taskIds).catch((e: Error) => e);
    expect((binary as Error).message).not.toMatch(/[\u0000-\u0008\u001b]/);
  });
});
