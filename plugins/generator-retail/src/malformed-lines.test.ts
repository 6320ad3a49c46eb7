import { describe, expect, it } from 'vitest';
import { malformedKinds, malformedLine } from './malformed-lines.js';

const row = ['TXI0000001', 'TXN0000001', 'PROD00390', '1', '302.41', '302.41', '0.00'];
const text = (line: string | Buffer) => (typeof line === 'string' ? line : line.toString('latin1'));

describe('malformedLine', () => {
  it('makes every kind exactly one physical line', () => {
    for (const kind of malformedKinds) {
      const line = text(malformedLine(kind, row));
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toMatch(/[\r\n]/);
    }
  });

  it('drops or adds one field', () => {
    expect(malformedLine('missing_field', row)).toBe('TXI0000001,TXN0000001,PROD00390,1,302.41,302.41\n');
    expect(malformedLine('extra_field', row)).toBe(`${row.join(',')},unexpected\n`);
  });

  it('leaves a quoted field open, or puts a quote inside an unquoted one', () => {
    expect(malformedLine('unterminated_quote', row)).toBe(
      'TXI0000001,TXN0000001,PROD00390,1,302.41,302.41,"0.00\n',
    );
    expect(malformedLine('stray_quote', row)).toBe(`TX"I0000001,${row.slice(1).join(',')}\n`);
  });

  it('writes bytes that are not UTF-8', () => {
    const line = malformedLine('invalid_utf8', row);
    expect(Buffer.isBuffer(line)).toBe(true);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(line as Buffer)).toThrow();
    expect((line as Buffer).includes(Buffer.from([0xc3, 0x28]))).toBe(true);
  });
});
