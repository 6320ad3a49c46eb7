import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CsvRecordScanner } from './csv-record-scanner.js';

function scanAll(text: string | Buffer, chunkSize = 7, expectedFields = 3, reuseChunkMemory = false) {
  const scanner = new CsvRecordScanner({
    delimiter: 0x2c,
    quote: 0x22,
    expectedFields,
    checkUtf8: true,
    maxRecordLines: 5,
    firstLineNumber: 2,
  });
  const data = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const copy: Buffer[] = [];
  const rejects: { line: number; reason: string; raw: string }[] = [];
  let records = 0;
  const take = (r: ReturnType<CsvRecordScanner['push']>) => {
    copy.push(r.copyData);
    records += r.records;
    rejects.push(
      ...r.rejects.map((x) => ({ line: x.lineNumber, reason: x.reason, raw: x.raw.toString('latin1') })),
    );
  };
  // Small chunks split records, quotes and CRLF pairs across chunk boundaries.
  // The loader reads every chunk into one buffer: the scanner must keep nothing that points into
  // it. Scribbling over the buffer after each push shows any view it kept.
  const shared = Buffer.alloc(chunkSize);
  for (let i = 0; i < data.length; i += chunkSize) {
    const slice = data.subarray(i, i + chunkSize);
    if (!reuseChunkMemory) take(scanner.push(slice));
    else {
      slice.copy(shared);
      take(scanner.push(shared.subarray(0, slice.length)));
      shared.fill(0x58);
    }
  }
  take(scanner.end());
  // Each record travels with its md5 as one more field; strip it to compare the records.
  const out = Buffer.concat(copy).toString('latin1');
  const hashes = out.match(/,[0-9a-f]{32}\n/g) ?? [];
  return { copy: out.replace(/,[0-9a-f]{32}\n/g, '\n'), records, rejects, hashes };
}

describe('CsvRecordScanner', () => {
  it('passes valid records through byte for byte, quoted delimiters and escaped quotes included', () => {
    const r = scanAll('a,b,c\n"x,y","say ""hi""",3\n,,\n');
    expect(r.copy).toBe('a,b,c\n"x,y","say ""hi""",3\n,,\n');
    expect(r.records).toBe(3);
    expect(r.rejects).toEqual([]);
  });

  it('normalises CRLF and accepts a last line without a newline', () => {
    const r = scanAll('a,b,c\r\nd,e,f');
    expect(r.copy).toBe('a,b,c\nd,e,f\n');
    expect(r.records).toBe(2);
  });

  it('rejects each malformed line with its line number and reason, and keeps the rest', () => {
    const r = scanAll(['1,2,3', '1,2', '1,2,3,4', 'a"b,c,d', '"a"b,c,d', '', '7,8,9'].join('\n'));
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
    const r = scanAll(['1,"open,3', '4,5,6', '7,8,9'].join('\n'));
    expect(r.rejects).toEqual([
      { line: 2, reason: 'broken quoting: unterminated quoted field', raw: '1,"open,3' },
    ]);
    expect(r.copy).toBe('4,5,6\n7,8,9\n');
  });

  it('an unterminated quote on the last line is rejected, not silently dropped', () => {
    const r = scanAll('1,2,3\n4,"5,6\n');
    expect(r.records).toBe(1);
    expect(r.rejects.map((x) => x.line)).toEqual([3]);
  });

  it('a quoted field may span lines (one record)', () => {
    const r = scanAll('1,"two\nlines",3\n4,5,6\n');
    expect(r.records).toBe(2);
    expect(r.copy).toBe('1,"two\nlines",3\n4,5,6\n');
  });

  it('appends the md5 of each record as written in the file', () => {
    const r = scanAll('a,b,c\n"x,y",2,3\n');
    expect(r.hashes).toEqual([
      `,${createHash('md5').update('a,b,c').digest('hex')}\n`,
      `,${createHash('md5').update('"x,y",2,3').digest('hex')}\n`,
    ]);
  });

  it('rejects invalid UTF-8 and NUL bytes per line', () => {
    const bad = Buffer.concat([
      Buffer.from('1,2,3\n1,'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(',3\n1,\u0000,3\n4,5,6\n'),
    ]);
    const r = scanAll(bad);
    expect(r.records).toBe(2);
    expect(r.rejects.map((x) => [x.line, x.reason])).toEqual([
      [3, 'invalid UTF-8'],
      [4, 'contains a NUL byte'],
    ]);
  });

  it('gives the same records, hashes and rejects when every chunk is read into the same memory', () => {
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
    for (const size of [1, 3, 7, 16]) {
      expect(scanAll(text, size, 3, true)).toEqual(scanAll(text, size, 3, false));
    }
    expect(scanAll(text, 5, 3, true).records).toBe(5);
  });

  it('accounts for every line: records + rejected = lines', () => {
    const lines = Array.from({ length: 500 }, (_, i) =>
      i % 7 === 0 ? `${i},"broken,x` : i % 11 === 0 ? `${i},x` : `${i},"v ${i}",z`,
    );
    const r = scanAll(`${lines.join('\n')}\n`, 13);
    expect(r.records + r.rejects.length).toBe(500);
    expect(new Set(r.rejects.map((x) => x.line)).size).toBe(r.rejects.length);
  });
});
