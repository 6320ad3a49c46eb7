import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CsvRecordScanner, type LineEnding, type ScannerOptions } from './csv-record-scanner.js';
import { textCodec } from './text-codec.js';

interface Scan {
  /** The bytes COPY receives, row hashes and line numbers stripped. */
  copy: string;
  hashes: string[];
  /** The line number each record carries (its first line). */
  lines: number[];
  records: number;
  rejects: { line: number; reason: string; raw: string }[];
}

/**
 * Feeds `data` to a scanner the way the csv source does: `chunkSize` bytes at a time from a
 * position, going back when the scanner asks (resumeAt). Each chunk is read into the same memory,
 * scribbled over after each push, so a view the scanner kept would show.
 */
function scan(data: string | Buffer, options: Partial<ScannerOptions> = {}, chunkSize = 7): Scan {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const scanner = new CsvRecordScanner({
    delimiter: 0x2c,
    quote: 0x22,
    expectedFields: 3,
    codec: textCodec('UTF8'),
    lineEnding: 'lf',
    maxRecordLines: 5,
    firstLineNumber: 2,
    firstOffset: 0,
    hashOrder: [0, 1, 2],
    nullValues: [''],
    quotedNullValues: false,
    ...options,
  });
  const copy: Buffer[] = [];
  const rejects: Scan['rejects'] = [];
  let records = 0;
  const shared = Buffer.alloc(chunkSize);
  let position = options.firstOffset ?? 0;
  for (let guard = 0; guard < 1_000_000; guard++) {
    const got = bytes.copy(shared, 0, position, position + chunkSize);
    const r = got === 0 ? scanner.end() : scanner.push(shared.subarray(0, got));
    shared.fill(0x58);
    for (const piece of r.copyData) copy.push(Buffer.from(piece));
    records += r.records;
    rejects.push(...r.rejects.map((x) => ({ line: x.lineNumber, reason: x.reason, raw: x.raw })));
    if (r.resumeAt !== undefined) position = r.resumeAt;
    else if (got === 0) break;
    else position += got;
  }
  const out = Buffer.concat(copy).toString('utf8');
  const tails = [...out.matchAll(/,([0-9a-f]{32}),(\d+)\n/g)];
  return {
    copy: out.replace(/,[0-9a-f]{32},\d+\n/g, '\n'),
    records,
    rejects,
    hashes: tails.map((t) => t[1]!),
    lines: tails.map((t) => Number(t[2])),
  };
}

/** The row hash of values in table order, as documented (0x00 after each value, 0xFF a NULL). */
function valueHash(values: (string | null)[]): string {
  const parts = values.map((v) =>
    v === null ? Buffer.from([0xff]) : Buffer.concat([Buffer.from(v), Buffer.from([0])]),
  );
  return createHash('md5').update(Buffer.concat(parts)).digest('hex');
}

describe('CsvRecordScanner', () => {
  it('passes valid records through byte for byte, quoted delimiters and escaped quotes included', () => {
    const r = scan('a,b,c\n"x,y","say ""hi""",3\n,,\n');
    expect(r.copy).toBe('a,b,c\n"x,y","say ""hi""",3\n,,\n');
    expect(r.records).toBe(3);
    expect(r.rejects).toEqual([]);
  });

  it('accepts CRLF and a last line without a line ending', () => {
    const r = scan('a,b,c\r\nd,e,f');
    expect(r.copy).toBe('a,b,c\nd,e,f\n');
    expect(r.records).toBe(2);
  });

  for (const size of [1, 2, 3, 5, 64]) {
    it(`reads a file whose lines end in CR alone (chunks of ${size})`, () => {
      const r = scan('1,a,10\r2,b,20\r3,"x\ry",30\r', { lineEnding: 'cr' }, size);
      expect(r.rejects).toEqual([]);
      expect(r.copy).toBe('1,a,10\n2,b,20\n3,"x\ry",30\n');
    });
  }

  it('in a CR file, LF and CRLF end lines too (a header in CR before LF lines loses nothing)', () => {
    const r = scan('1,a,10\n2,b,20\r\n3,c,30\r4,d,40', { lineEnding: 'cr' });
    expect(r.records).toBe(4);
    expect(r.rejects).toEqual([]);
  });

  it('keeps the bytes of quoted fields as written: CRLF, CR and LF inside quotes', () => {
    const r = scan('1,"two\r\nlines",3\r\n4,"cr\ronly",6\r\n7,"lf\nonly",9\r\n');
    expect(r.rejects).toEqual([]);
    expect(r.copy).toBe('1,"two\r\nlines",3\n4,"cr\ronly",6\n7,"lf\nonly",9\n');
  });

  it('rejects a line with a carriage return outside quotes (not the file), and CR CR LF', () => {
    const r = scan('1,a\rb,3\n4,5,6\n7,8,9\r\r\n10,11,12\n');
    expect(r.copy).toBe('4,5,6\n10,11,12\n');
    expect(r.rejects).toEqual([
      { line: 2, reason: 'a carriage return outside quotes (lines in this file end in LF)', raw: '1,a\rb,3' },
      { line: 4, reason: 'a carriage return outside quotes (lines in this file end in LF)', raw: '7,8,9\r' },
    ]);
  });

  it('rejects each malformed line with its line number and reason, and keeps the rest', () => {
    const r = scan(['1,2,3', '1,2', '1,2,3,4', 'a"b,c,d', '"a"b,c,d', '', '7,8,9'].join('\n'));
    expect(r.records).toBe(2);
    expect(r.rejects).toEqual([
      { line: 3, reason: 'wrong column count: expected 3 fields, found 2', raw: '1,2' },
      { line: 4, reason: 'wrong column count: expected 3 fields, found 4', raw: '1,2,3,4' },
      { line: 5, reason: 'broken quoting: stray quote in an unquoted field', raw: 'a"b,c,d' },
      { line: 6, reason: 'broken quoting: text after a closing quote', raw: '"a"b,c,d' },
      { line: 7, reason: 'empty line', raw: '' },
    ]);
  });

  it('an unterminated quote costs its own line only: the following lines still load', () => {
    const r = scan(['1,"open,3', '4,5,6', '7,8,9'].join('\n'));
    expect(r.rejects).toEqual([
      { line: 2, reason: 'broken quoting: unterminated quoted field', raw: '1,"open,3' },
    ]);
    expect(r.copy).toBe('4,5,6\n7,8,9\n');
  });

  it('an unterminated quote on the last line is rejected, not silently dropped', () => {
    const r = scan('1,2,3\n4,"5,6\n');
    expect(r.records).toBe(1);
    expect(r.rejects.map((x) => x.line)).toEqual([3]);
  });

  it('a quoted field may span lines up to maxRecordLines (one record)', () => {
    const r = scan('1,"two\nlines",3\n4,5,6\n');
    expect(r.records).toBe(2);
    expect(r.copy).toBe('1,"two\nlines",3\n4,5,6\n');
  });

  it('a record longer than maxRecordLines is rejected whole: none of its lines become rows', () => {
    const note = Array.from({ length: 8 }, (_, i) => `${i},note line,${i}`).join('\n');
    for (const size of [1, 4, 9, 1000]) {
      const r = scan(`1,a,b\n2,"${note}",x\n3,c,d\n`, {}, size);
      expect(r.copy).toBe('1,a,b\n3,c,d\n');
      expect(r.rejects.map((x) => x.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
      expect(r.rejects[0]!.reason).toBe('a quoted field spans 8 lines, more than options.maxRecordLines (5)');
      expect(r.rejects[0]!.raw).toBe('2,"0,note line,0');
      expect(r.rejects[7]!.raw).toBe('7,note line,7",x');
    }
  });

  it('a stray quote never closed costs one line even past maxRecordLines', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `${i},b,c`);
    lines[1] = '1,"b,c';
    for (const size of [3, 50, 1000]) {
      const r = scan(`${lines.join('\n')}\n`, {}, size);
      expect(r.rejects).toEqual([
        { line: 3, reason: 'broken quoting: unterminated quoted field', raw: '1,"b,c' },
      ]);
      expect(r.records).toBe(11);
    }
  });

  it('each record carries the number of its first line, after its row hash', () => {
    const r = scan('a,b,c\nshort\n"x\ny",b,c\nd,e,f\n');
    expect(r.lines).toEqual([2, 4, 6]);
    expect(r.rejects.map((x) => x.line)).toEqual([3]);
  });

  it('the row hash is over values in table order: quoting and column order do not change it', () => {
    const plain = scan('a,b b,\n');
    const quoted = scan('"a","b b",\n');
    const reordered = scan(',a,b b\n', { hashOrder: [1, 2, 0] });
    expect(plain.hashes).toEqual([valueHash(['a', 'b b', null])]);
    expect(quoted.hashes).toEqual(plain.hashes);
    expect(reordered.hashes).toEqual(plain.hashes);
    // A quoted empty string is a value, not NULL: another hash.
    expect(scan('a,b b,""\n').hashes).toEqual([valueHash(['a', 'b b', ''])]);
    expect(scan('"x""y",b,c\n').hashes).toEqual([valueHash(['x"y', 'b', 'c'])]);
  });

  it('null markers: unquoted ones become NULL, quoted ones stay values unless asked', () => {
    const r = scan('NA,"NA",\n', { nullValues: ['', 'NA'] });
    expect(r.copy).toBe(',"NA",\n');
    expect(r.hashes).toEqual([valueHash([null, 'NA', null])]);
    const asked = scan('NA,"NA",""\n', { nullValues: ['', 'NA'], quotedNullValues: true });
    expect(asked.copy).toBe(',,\n');
    // Without '' as a marker an empty field is an empty string.
    expect(scan('a,,c\n', { nullValues: [] }).copy).toBe('a,"",c\n');
  });

  it('rejects invalid UTF-8 and NUL bytes per line', () => {
    const bad = Buffer.concat([
      Buffer.from('1,2,3\n1,'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(',3\n1,\u0000,3\n4,5,6\n'),
    ]);
    const r = scan(bad);
    expect(r.records).toBe(2);
    expect(r.rejects.map((x) => [x.line, x.reason])).toEqual([
      [3, 'invalid UTF-8'],
      [4, 'contains a NUL byte'],
    ]);
  });

  it('transcodes a single-byte encoding to UTF-8 and rejects a byte it does not define', () => {
    const bytes = Buffer.from([
      ...Buffer.from('caf'),
      0xe9,
      ...Buffer.from(',"'),
      0x80,
      ...Buffer.from('",x\n1,'),
      0x81,
      ...Buffer.from(',z\n'),
    ]);
    const r = scan(bytes, { codec: textCodec('windows-1252') });
    expect(r.copy).toBe('café,"€",x\n');
    expect(r.hashes).toEqual([valueHash(['café', '€', 'x'])]);
    expect(r.rejects).toEqual([
      { line: 3, reason: 'byte 0x81 is not a WIN1252 character', raw: '1,\uFFFD,z' },
    ]);
  });

  it('gives the same records, hashes and rejects whatever the chunk size', () => {
    const text = [
      'a,b,c',
      '"multi',
      'line, quoted",x,y',
      '1,2',
      '1,"open,3',
      '4,5,6\r',
      '"x,y","say ""hi""",3',
      '',
      '7,8,9',
    ].join('\n');
    const whole = scan(text, {}, 10_000);
    for (const size of [1, 2, 3, 7, 16]) expect(scan(text, {}, size)).toEqual(whole);
    expect(whole.records).toBe(5);
  });

  it('accounts for every line: lines in records + rejected lines = lines of the file', () => {
    const lines = Array.from({ length: 500 }, (_, i) =>
      i % 7 === 0 ? `${i},"broken,x` : i % 11 === 0 ? `${i},x` : `${i},"v ${i}",z`,
    );
    const r = scan(`${lines.join('\n')}\n`, {}, 13);
    expect(r.records + r.rejects.length).toBe(500);
    expect(new Set(r.rejects.map((x) => x.line)).size).toBe(r.rejects.length);
  });

  it('hashes a record over 1 MB piecewise to the same value, doubled quotes across the pieces', () => {
    const value = 'ab""'.repeat(400_000);
    for (const size of [1 << 16, 100_003]) {
      const r = scan(`1,"${value}",3\n4,5,6\n`, {}, size);
      expect(r.records).toBe(2);
      expect(r.hashes[0]).toBe(valueHash(['1', value.replaceAll('""', '"'), '3']));
      expect(r.copy).toBe(`1,"${value}",3\n4,5,6\n`);
    }
  });

  it.each<[LineEnding, string]>([
    ['lf', '\n'],
    ['lf', '\r\n'],
    ['cr', '\r'],
  ])('a long line costs linear time (%s)', (lineEnding, eol) => {
    const field = 'x'.repeat(3_000_000);
    const r = scan(`1,"${field}",3${eol}4,5,6${eol}`, { lineEnding }, 1 << 16);
    expect(r.records).toBe(2);
    expect(r.hashes[0]).toBe(valueHash(['1', field, '3']));
  });
});
