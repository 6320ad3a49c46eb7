import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withRowHash } from './copy-row-hash.js';

/** The kernel's row hash, written out: md5 over each value's UTF-8 and 0x00, NULL as 0xFF. */
function rowHash(values: (string | null)[]): string {
  const md5 = createHash('md5');
  for (const v of values)
    md5.update(v === null ? Buffer.from([0xff]) : Buffer.concat([Buffer.from(v), Buffer.from([0])]));
  return md5.digest('hex');
}

async function run(text: string, cut: number[], width: number, order: number[]): Promise<string> {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  let at = 0;
  for (const c of [...cut, bytes.length]) {
    chunks.push(bytes.subarray(at, c));
    at = c;
  }
  async function* source() {
    yield* chunks;
  }
  const out: Buffer[] = [];
  for await (const b of withRowHash(source(), width, order)) out.push(b);
  return Buffer.concat(out).toString();
}

describe('withRowHash', () => {
  const text = '1\tAnn\t\\N\n2\ttab\\there\\\\x\tné\n3\t\\N\tline\\nbreak\n';
  const rows: (string | null)[][] = [
    ['1', 'Ann', null],
    ['2', 'tab\there\\x', 'né'],
    ['3', null, 'line\nbreak'],
  ];

  it('appends the kernel row hash of the unescaped values and an empty line to each record', async () => {
    const lines = (await run(text, [], 3, [0, 1, 2])).split('\n').slice(0, -1);
    expect(lines).toHaveLength(3);
    lines.forEach((line, i) => {
      const fields = line.split('\t');
      expect(fields.slice(-2)).toEqual([rowHash(rows[i]!), '\\N']);
      expect(fields.slice(0, -2).join('\t')).toBe(text.split('\n')[i]);
    });
  });

  it('gives the same output whatever the chunk boundaries, in table order with a missing column as NULL', async () => {
    const whole = await run(text, [], 3, [2, 0, -1, 1]);
    for (const cut of [
      [1],
      [5, 6],
      [9, 10, 11, 30],
      Array.from({ length: text.length - 1 }, (_, i) => i + 1),
    ]) {
      expect(await run(text, cut, 3, [2, 0, -1, 1])).toBe(whole);
    }
    const hashes = whole
      .split('\n')
      .slice(0, -1)
      .map((l) => l.split('\t').at(-2));
    expect(hashes).toEqual(rows.map((r) => rowHash([r[2]!, r[0]!, null, r[1]!])));
  });

  it('fails on a stream that ends inside a record', async () => {
    await expect(run('1\tAnn', [], 2, [0, 1])).rejects.toThrow(/ended inside a record/);
  });
});
