import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { IngestEngine, MigrationService } from '@dq/core';
import type { SourceConfig } from '@dq/plugin-api';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';

/**
 * The malformed-file corpus: each file is loaded over a staging table that already holds two
 * rows, and the test asserts its status, the exact rows staged, the exact rejected line numbers
 * (and reasons), that read = loaded + rejected, that every physical line of the file is in a
 * staged record or in stg_rejects, that each row_hash is the documented hash of its stored
 * values, and that a failure left the previous rows as they were.
 */
interface Case {
  name: string;
  /** The file; header `id,name,amount` unless it says otherwise. */
  file: string | Buffer;
  source?: Partial<Pick<SourceConfig, 'delimiter' | 'encoding' | 'nullValues' | 'options' | 'mode'>>;
  status: 'SUCCESS' | 'PARTIAL' | 'FAILED';
  /** Rows staged by this file, data columns in table order (id, name, amount). */
  rows?: (string | null)[][];
  rejected?: number[];
  /** A substring of each rejected line's reason (one for all, or one per line). */
  reasons?: string[];
  /** Part of the error of a FAILED load. */
  error?: string;
  /** Part of a note the load gives. */
  note?: string;
  /** Incremental loads: rows the load added. */
  rowsNew?: number;
  /** The baseline file's header (default `id,name,amount`). */
  baselineHeader?: string;
  /** The header failed: nothing was read. */
  unread?: boolean;
}

const H = 'id,name,amount';
const lines = (rows: string[], eol = '\n', trailing = true) => rows.join(eol) + (trailing ? eol : '');
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
const latin = (text: string) => Buffer.from(text, 'latin1');
const longNote = Array.from({ length: 26 }, (_, i) => `N${i},line ${i} of the note,${i}`).join('\n');
const quoteFree = Array.from({ length: 30 }, (_, i) => `${i + 1},row ${i + 1},${i}`);

const cases: Case[] = [
  // Line endings
  {
    name: 'LF',
    file: lines([H, '1,a,10', '2,b,20']),
    status: 'SUCCESS',
    rows: [
      ['1', 'a', '10'],
      ['2', 'b', '20'],
    ],
  },
  {
    name: 'CRLF',
    file: lines([H, '1,a,10', '2,b,20'], '\r\n'),
    status: 'SUCCESS',
    rows: [
      ['1', 'a', '10'],
      ['2', 'b', '20'],
    ],
  },
  {
    name: 'CR alone (old Mac files)',
    file: lines([H, '1,a,10', '2,b,20', '3,c,30', '4,d,40'], '\r'),
    status: 'SUCCESS',
    rows: [
      ['1', 'a', '10'],
      ['2', 'b', '20'],
      ['3', 'c', '30'],
      ['4', 'd', '40'],
    ],
  },
  {
    name: 'a header ending in CR, then LF lines',
    file: `${H}\r1,a,10\n2,b,20\n`,
    status: 'SUCCESS',
    rows: [
      ['1', 'a', '10'],
      ['2', 'b', '20'],
    ],
  },
  {
    name: 'LF and CRLF mixed',
    file: `${H}\n1,a,10\r\n2,b,20\n3,c,30\r\n`,
    status: 'SUCCESS',
    rows: [
      ['1', 'a', '10'],
      ['2', 'b', '20'],
      ['3', 'c', '30'],
    ],
  },
  {
    name: 'CRLF header, LF lines',
    file: `${H}\r\n1,a,10\n2,b,20\n`,
    status: 'SUCCESS',
    rows: [
      ['1', 'a', '10'],
      ['2', 'b', '20'],
    ],
  },
  {
    name: 'no line ending at the end',
    file: `${H}\n1,a,10\n2,b,20`,
    status: 'SUCCESS',
    rows: [
      ['1', 'a', '10'],
      ['2', 'b', '20'],
    ],
  },
  {
    name: 'CR at the very end of an LF file',
    file: `${H}\n1,a,10\n2,b,20\r`,
    status: 'SUCCESS',
    rows: [
      ['1', 'a', '10'],
      ['2', 'b', '20'],
    ],
  },
  {
    name: 'CRLF inside a quoted field is stored as written',
    file: lines([H, '1,"two\r\nlines",10', '2,b,20'], '\r\n'),
    status: 'SUCCESS',
    rows: [
      ['1', 'two\r\nlines', '10'],
      ['2', 'b', '20'],
    ],
  },
  {
    name: 'CRLF inside a quoted field of an LF file',
    file: lines([H, '1,"two\r\nlines",10', '2,b,20']),
    status: 'SUCCESS',
    rows: [
      ['1', 'two\r\nlines', '10'],
      ['2', 'b', '20'],
    ],
  },
  {
    name: 'a bare CR inside a quoted field of an LF file',
    file: lines([H, '1,"a\rb",10', '2,b,20']),
    status: 'SUCCESS',
    rows: [
      ['1', 'a\rb', '10'],
      ['2', 'b', '20'],
    ],
  },
  {
    name: 'a CR file with a quoted CR and a quoted LF',
    file: lines([H, '1,"a\rb",10', '2,"c\nd",20', '3,e,30'], '\r'),
    status: 'SUCCESS',
    rows: [
      ['1', 'a\rb', '10'],
      ['2', 'c\nd', '20'],
      ['3', 'e', '30'],
    ],
  },
  {
    name: 'a bare CR inside an unquoted field rejects that line only',
    file: lines([H, '1,a,10', '2,b\rx,20', '3,c,30']),
    status: 'PARTIAL',
    rows: [
      ['1', 'a', '10'],
      ['3', 'c', '30'],
    ],
    rejected: [3],
    reasons: ['a carriage return outside quotes'],
  },
  {
    name: 'a CR in the first data row',
    file: lines([H, '1,a\r,10', '2,b,20']),
    status: 'PARTIAL',
    rows: [['2', 'b', '20']],
    rejected: [2],
    reasons: ['a carriage return outside quotes'],
  },
  {
    name: 'a line ending in CR CR LF',
    file: `${H}\r\n1,a,10\r\r\n2,b,20\r\n`,
    status: 'PARTIAL',
    rows: [['2', 'b', '20']],
    rejected: [2],
    reasons: ['a carriage return outside quotes'],
  },
  {
    name: 'an empty line in a CR file',
    file: `${H}\r1,a,10\r\r2,b,20\r`,
    status: 'PARTIAL',
    rows: [
      ['1', 'a', '10'],
      ['2', 'b', '20'],
    ],
    rejected: [3],
    reasons: ['empty line'],
  },
  // Quoting
  {
    name: 'quoted delimiters, escaped quotes, every field quoted',
    file: lines([H, '"1","a, b","10"', '"2","say ""hi""","20"']),
    status: 'SUCCESS',
    rows: [
      ['1', 'a, b', '10'],
      ['2', 'say "hi"', '20'],
    ],
  },
  {
    name: 'an unterminated quote costs its own line',
    file: lines([H, '1,a,10', '2,"open,20', '3,c,30', '4,d,40']),
    status: 'PARTIAL',
    rows: [
      ['1', 'a', '10'],
      ['3', 'c', '30'],
      ['4', 'd', '40'],
    ],
    rejected: [3],
    reasons: ['unterminated quoted field'],
  },
  {
    name: 'an unterminated quote on the last line',
    file: lines([H, '1,a,10', '2,"open,20']),
    status: 'PARTIAL',
    rows: [['1', 'a', '10']],
    rejected: [3],
    reasons: ['unterminated quoted field'],
  },
  {
    name: 'a stray quote inside an unquoted field',
    file: lines([H, '1,a"b,10', '2,b,20']),
    status: 'PARTIAL',
    rows: [['2', 'b', '20']],
    rejected: [2],
    reasons: ['stray quote'],
  },
  {
    name: 'text after a closing quote',
    file: lines([H, '1,"a"b,10', '2,b,20']),
    status: 'PARTIAL',
    rows: [['2', 'b', '20']],
    rejected: [2],
    reasons: ['text after a closing quote'],
  },
  {
    name: 'a quoted field over three lines',
    file: lines([H, '1,"one\ntwo\nthree",10', '2,b,20']),
    status: 'SUCCESS',
    rows: [
      ['1', 'one\ntwo\nthree', '10'],
      ['2', 'b', '20'],
    ],
  },
  {
    name: 'a 26-line note past maxRecordLines (20) is rejected whole, inventing no rows',
    file: lines([H, '1,a,10', `2,"${longNote}",20`, '3,c,30']),
    status: 'PARTIAL',
    rows: [
      ['1', 'a', '10'],
      ['3', 'c', '30'],
    ],
    rejected: Array.from({ length: 26 }, (_, i) => 3 + i),
    reasons: ['a quoted field spans 26 lines, more than options.maxRecordLines (20)'],
  },
  {
    name: 'the same note loads with maxRecordLines 30',
    file: lines([H, '1,a,10', `2,"${longNote}",20`, '3,c,30']),
    source: { options: { maxRecordLines: 30 } },
    status: 'SUCCESS',
    rows: [
      ['1', 'a', '10'],
      ['2', longNote, '20'],
      ['3', 'c', '30'],
    ],
  },
  {
    name: 'a stray quote in a quote-free file costs one line, past maxRecordLines',
    file: lines([H, ...quoteFree.map((l, i) => (i === 1 ? '2,"row 2,1' : l))]),
    status: 'PARTIAL',
    rows: quoteFree.filter((_, i) => i !== 1).map((l) => l.split(',')),
    rejected: [3],
    reasons: ['unterminated quoted field'],
  },
  {
    name: 'a quoted empty string stays a value',
    file: lines([H, '1,"",10', '2,,20']),
    status: 'SUCCESS',
    rows: [
      ['1', '', '10'],
      ['2', null, '20'],
    ],
  },
  {
    name: 'a quoted field with a delimiter, a quote and a line break',
    file: lines([H, '1,"a,""b""\nc",10']),
    status: 'SUCCESS',
    rows: [['1', 'a,"b"\nc', '10']],
  },
  {
    name: 'quoted header names',
    file: lines(['"id","name","amount"', '1,a,10']),
    status: 'SUCCESS',
    rows: [['1', 'a', '10']],
  },
  {
    name: 'PostgreSQL end-of-data marker as a value',
    file: lines([H, '\\.,a,10', '2,"\\.",20']),
    status: 'SUCCESS',
    rows: [
      ['\\.', 'a', '10'],
      ['2', '\\.', '20'],
    ],
  },
  // Field counts and blank lines
  {
    name: 'too few fields',
    file: lines([H, '1,a', '2,b,20']),
    status: 'PARTIAL',
    rows: [['2', 'b', '20']],
    rejected: [2],
    reasons: ['wrong column count: expected 3 fields, found 2'],
  },
  {
    name: 'too many fields (a trailing delimiter)',
    file: lines([H, '1,a,10,', '2,b,20']),
    status: 'PARTIAL',
    rows: [['2', 'b', '20']],
    rejected: [2],
    reasons: ['expected 3 fields, found 4'],
  },
  {
    name: 'an empty line in the middle',
    file: lines([H, '1,a,10', '', '2,b,20']),
    status: 'PARTIAL',
    rows: [
      ['1', 'a', '10'],
      ['2', 'b', '20'],
    ],
    rejected: [3],
    reasons: ['empty line'],
  },
  {
    name: 'a line of spaces',
    file: lines([H, '1,a,10', '   ', '2,b,20']),
    status: 'PARTIAL',
    rows: [
      ['1', 'a', '10'],
      ['2', 'b', '20'],
    ],
    rejected: [3],
    reasons: ['found 1'],
  },
  {
    name: 'blank lines at the end',
    file: lines([H, '1,a,10', '', '']),
    status: 'PARTIAL',
    rows: [['1', 'a', '10']],
    rejected: [3, 4],
    reasons: ['empty line'],
  },
  {
    name: 'a line of delimiters only: NULLs',
    file: lines([H, ',,', '1,a,10']),
    status: 'SUCCESS',
    rows: [
      [null, null, null],
      ['1', 'a', '10'],
    ],
  },
  {
    name: 'a multi-line record with the wrong field count gives its first line up and rescans',
    file: lines([H, '1,"a', '2,b,20', '3,"c', 'd",30']),
    status: 'PARTIAL',
    rows: [
      ['2', 'b', '20'],
      ['3', 'c\nd', '30'],
    ],
    rejected: [2],
    reasons: ['unterminated quoted field'],
  },
  // Encodings
  {
    name: 'an invalid UTF-8 byte',
    file: bytes(`${H}\n1,a,10\n2,b`, [0xc3, 0x28], ',20\n3,c,30\n'),
    status: 'PARTIAL',
    rows: [
      ['1', 'a', '10'],
      ['3', 'c', '30'],
    ],
    rejected: [3],
    reasons: ['invalid UTF-8'],
  },
  {
    name: 'a multibyte character cut at the end of the file',
    file: bytes(`${H}\n1,a,10\n2,b,2`, [0xe2, 0x82]),
    status: 'PARTIAL',
    rows: [['1', 'a', '10']],
    rejected: [3],
    reasons: ['invalid UTF-8'],
  },
  {
    name: 'an overlong UTF-8 encoding',
    file: bytes(`${H}\n1,a`, [0xc0, 0xaf], ',10\n2,b,20\n'),
    status: 'PARTIAL',
    rows: [['2', 'b', '20']],
    rejected: [2],
    reasons: ['invalid UTF-8'],
  },
  {
    name: 'a NUL byte',
    file: bytes(`${H}\n1,a\u0000,10\n2,b,20\n`),
    status: 'PARTIAL',
    rows: [['2', 'b', '20']],
    rejected: [2],
    reasons: ['NUL byte'],
  },
  {
    name: 'a UTF-8 byte order mark and four-byte characters',
    file: bytes([0xef, 0xbb, 0xbf], `${H}\n1,caf\u00e9 \u{1f600},10\n`),
    status: 'SUCCESS',
    rows: [['1', 'caf\u00e9 \u{1f600}', '10']],
  },
  {
    name: 'LATIN1',
    file: latin(`${H}\n1,caf\u00e9,10\n2,\u00fcber,20\n`),
    source: { encoding: 'LATIN1' },
    status: 'SUCCESS',
    rows: [
      ['1', 'caf\u00e9', '10'],
      ['2', '\u00fcber', '20'],
    ],
  },
  {
    name: 'WIN1252 punctuation and the euro sign',
    file: bytes(`${H}\n1,`, [0x80, 0x20, 0x93], 'q', [0x94], ',10\n2,it', [0x92], 's,20\n'),
    source: { encoding: 'WIN1252' },
    status: 'SUCCESS',
    rows: [
      ['1', '\u20ac \u201cq\u201d', '10'],
      ['2', 'it\u2019s', '20'],
    ],
  },
  {
    name: 'WIN1252 byte 0x81 (undefined) rejects its line, not the load',
    file: bytes(`${H}\n1,a,10\n2,b`, [0x81], ',20\n3,c,30\n'),
    source: { encoding: 'WIN1252' },
    status: 'PARTIAL',
    rows: [
      ['1', 'a', '10'],
      ['3', 'c', '30'],
    ],
    rejected: [3],
    reasons: ['byte 0x81 is not a WIN1252 character'],
  },
  {
    name: 'windows-1250 spelled the web way, with an undefined byte',
    file: bytes(`${H}\n1,`, [0x8a], ',10\n2,', [0x83], ',20\n'),
    source: { encoding: 'windows-1250' },
    status: 'PARTIAL',
    rows: [['1', '\u0160', '10']],
    rejected: [3],
    reasons: ['byte 0x83 is not a WIN1250 character'],
  },
  {
    name: 'a UTF-16 file read as UTF-8',
    file: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${H}\n1,a,10\n`, 'utf16le')]),
    status: 'FAILED',
    unread: true,
    error: 'header',
  },
  // Null markers
  {
    name: 'nullValues: an unquoted NA is NULL, a quoted "NA" stays a value',
    file: lines([H, '1,NA,10', '2,"NA",NA']),
    source: { nullValues: ['', 'NA'] },
    status: 'SUCCESS',
    rows: [
      ['1', null, '10'],
      ['2', 'NA', null],
    ],
  },
  {
    name: 'quotedNullValues: quoted markers are NULL too',
    file: lines([H, '1,"NA",""', '2,NA,20']),
    source: { nullValues: ['', 'NA'], options: { quotedNullValues: true } },
    status: 'SUCCESS',
    rows: [
      ['1', null, null],
      ['2', null, '20'],
    ],
  },
  {
    name: 'nullValues []: an empty field is an empty string',
    file: lines([H, '1,,10']),
    source: { nullValues: [] },
    status: 'SUCCESS',
    rows: [['1', '', '10']],
  },
  {
    name: 'nullValues with a backslash marker',
    file: lines([H, '1,\\N,10', '2,\\n,20']),
    source: { nullValues: ['\\N'] },
    status: 'SUCCESS',
    rows: [
      ['1', null, '10'],
      ['2', '\\n', '20'],
    ],
  },
  // Headers and empty files
  {
    name: 'a header and no data (full mode): the table empties, with a note',
    file: `${H}\n`,
    status: 'SUCCESS',
    rows: [],
    note: 'has no data lines: stg_corpus_',
  },
  {
    name: 'a header and no data with emptyFile: fail',
    file: `${H}\n`,
    source: { options: { emptyFile: 'fail' } },
    status: 'FAILED',
    error: 'has no data lines',
  },
  { name: 'an empty file', file: '', status: 'FAILED', unread: true, error: 'the file is empty' },
  {
    name: 'a header missing a column',
    file: lines(['id,name', '1,a']),
    status: 'FAILED',
    unread: true,
    error: 'the header does not match',
  },
  {
    name: 'header columns in another order',
    file: lines(['amount,id,name', '10,1,a', '20,2,b']),
    status: 'SUCCESS',
    rows: [
      ['1', 'a', '10'],
      ['2', 'b', '20'],
    ],
  },
  {
    name: 'a header name longer than 63 characters',
    file: lines([`id,name,amount_${'x'.repeat(60)}`, '1,a,10']),
    status: 'FAILED',
    unread: true,
    error: 'PostgreSQL keeps 63',
  },
  {
    name: 'a header naming an audit column',
    file: lines(['id,name,load_id', '1,a,10']),
    status: 'FAILED',
    unread: true,
    error: 'is named load_id, an audit column',
  },
  {
    name: 'a header naming a column twice',
    file: lines(['id,name,id', '1,a,10']),
    status: 'FAILED',
    unread: true,
    error: 'twice',
  },
  {
    name: 'a header with an empty name',
    file: lines(['id,,amount', '1,a,10']),
    status: 'FAILED',
    unread: true,
    error: 'has no name',
  },
  // Every line rejected
  {
    name: 'every line rejected (wrong delimiter): FAILED, the rejects are stored',
    file: lines([H, '1;a;10', '2;b;20']),
    status: 'FAILED',
    rejected: [2, 3],
    reasons: ['found 1'],
    error: 'every data line was rejected',
  },
  {
    name: 'every line broken',
    file: lines([H, '1,"a', '2,b"c,20']),
    status: 'FAILED',
    rejected: [2, 3],
    error: 'every data line was rejected',
  },
  // Delimiters and sizes
  {
    name: 'a semicolon delimiter',
    file: lines(['id;name;amount', '1;a,b;10']),
    source: { delimiter: ';' },
    status: 'SUCCESS',
    rows: [['1', 'a,b', '10']],
  },
  {
    name: 'a tab delimiter',
    file: lines(['id\tname\tamount', '1\ta b\t10']),
    source: { delimiter: '\t' },
    status: 'SUCCESS',
    rows: [['1', 'a b', '10']],
  },
  {
    name: 'a 2 MB field',
    file: lines([H, `1,"${'y'.repeat(2_000_000)}",10`, '2,b,20']),
    status: 'SUCCESS',
    rows: [
      ['1', 'y'.repeat(2_000_000), '10'],
      ['2', 'b', '20'],
    ],
  },
  {
    name: 'ten thousand rejected lines among valid ones',
    file: lines([H, ...Array.from({ length: 20_000 }, (_, i) => (i % 2 ? `${i},"x` : `${i},v,${i}`))]),
    status: 'PARTIAL',
    rows: Array.from({ length: 10_000 }, (_, k) => [`${2 * k}`, 'v', `${2 * k}`]),
    rejected: Array.from({ length: 10_000 }, (_, k) => 3 + 2 * k),
    reasons: ['unterminated quoted field'],
  },
  // Incremental identity by value
  {
    name: 'incremental: the same rows with every field quoted add nothing',
    file: lines([H, '"B1","base","1"', '"B2","base","2"']),
    source: { mode: 'incremental' },
    status: 'SUCCESS',
    rows: [],
    rowsNew: 0,
  },
  {
    name: 'incremental: the same rows with the columns reordered add nothing',
    file: lines(['name,amount,id', 'base,1,B1', 'base,2,B2']),
    source: { mode: 'incremental' },
    status: 'SUCCESS',
    rows: [],
    rowsNew: 0,
  },
  {
    name: 'incremental: the same rows in CR and CRLF add nothing; a changed row is new',
    file: `${H}\rB1,base,1\r\nB2,base,2\rB2,changed,2\r`,
    source: { mode: 'incremental' },
    status: 'SUCCESS',
    rows: [['B2', 'changed', '2']],
    rowsNew: 1,
  },
];

/** Physical data lines of a file by its own line ending (the first break decides). */
function dataLines(file: Buffer): number {
  const text = file.toString('latin1');
  const first = text.search(/[\r\n]/);
  if (first < 0) return 0;
  const cr = text[first] === '\r' && text[first + 1] !== '\n';
  const breaks = cr ? /\r\n|\r|\n/g : /\n/g;
  const parts = text.split(breaks);
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.length - 1;
}

/** Line breaks inside a stored value, counted as the file's line ending counts them. */
const breaksIn = (value: string | null, cr: boolean) =>
  value === null ? 0 : (value.match(cr ? /\r\n|\r|\n/g : /\n/g) ?? []).length;

describeEachDatabase('CSV corpus', ({ db }) => {
  beforeAll(async () => {
    const runtime = await createTestKernel({ database: db(), builtins: builtinPlugins() });
    await runtime.kernel.build(MigrationService).migrate();
    await runtime.close();
  });

  const load = async (source: SourceConfig) => {
    const runtime = await createTestKernel({
      database: db(),
      builtins: builtinPlugins(),
      overrides: { sources: [source] },
    });
    try {
      return (await runtime.kernel.build(IngestEngine).load()).results[0]!;
    } finally {
      await runtime.close();
    }
  };

  it(`has at least 60 files`, () => expect(cases.length).toBeGreaterThanOrEqual(60));

  cases.forEach((c, index) => {
    it(c.name, async () => {
      const table = `stg_corpus_${index}`;
      const dir = mkdtempSync(join(tmpdir(), 'dq-corpus-'));
      const delimiter = c.source?.delimiter ?? ',';
      const baseline = [
        ['B1', 'base', '1'],
        ['B2', 'base', '2'],
      ];
      writeFileSync(
        join(dir, 'feed_20250101.csv'),
        lines([
          (c.baselineHeader ?? H).replaceAll(',', delimiter),
          ...baseline.map((r) => r.join(delimiter)),
        ]),
      );
      const source: SourceConfig = {
        name: `corpus_${index}`,
        kind: 'csv',
        path: dir,
        pattern: 'feed_*.csv',
        table,
        mode: 'full',
        ...c.source,
      };
      expect(await load({ ...source, mode: 'full' })).toMatchObject({ status: 'SUCCESS', rowsLoaded: 2 });
      const file = Buffer.isBuffer(c.file) ? c.file : Buffer.from(c.file);
      writeFileSync(join(dir, 'feed_20250102.csv'), file);

      const result = await load(source);
      expect(result.status, result.error).toBe(c.status);
      if (c.error) expect(result.error).toContain(c.error);
      else expect(result.error).toBeUndefined();
      if (c.note) expect(result.notes?.join('\n')).toContain(c.note);

      const rejects = await db().query<{ line_number: number; reason: string; source_file: string }>(
        'SELECT line_number, reason, source_file FROM stg_rejects WHERE table_name = $1 ORDER BY line_number',
        [table],
      );
      expect(rejects.rows.map((r) => r.line_number)).toEqual(c.rejected ?? []);
      rejects.rows.forEach((r, i) => {
        const reason = c.reasons?.[c.reasons.length === 1 ? 0 : i];
        if (reason) expect(r.reason).toContain(reason);
        expect(r.source_file).toBe(join(dir, 'feed_20250102.csv'));
      });

      const staged = await db().query<{ id: string | null; name: string | null; amount: string | null }>(
        `SELECT id, name, amount FROM ${table} ORDER BY load_id, ctid`,
      );
      const rows = staged.rows.map((r) => [r.id, r.name, r.amount]);
      const loaded = c.rows ?? [];
      if (c.status === 'FAILED') expect(rows).toEqual(baseline);
      else if (source.mode === 'incremental') expect(rows).toEqual([...baseline, ...loaded]);
      else expect(rows).toEqual(loaded);

      // Accounting: read = loaded + rejected, and every line of the file is somewhere.
      const audit = await db().query<{
        rows_read: number;
        rows_loaded: number;
        rows_rejected: number;
        status: string;
      }>(
        `SELECT rows_read, rows_loaded, rows_rejected, status FROM stg_audit_log
          WHERE source_name = $1 ORDER BY load_id DESC LIMIT 1`,
        [source.name],
      );
      const row = audit.rows[0]!;
      expect(row.status).toBe(c.status);
      expect(row.rows_read).toBe(row.rows_loaded + row.rows_rejected);
      expect(row.rows_rejected).toBe((c.rejected ?? []).length);
      if (source.mode === 'incremental') {
        expect(result.rowsNew).toBe(c.rowsNew);
      } else if (c.status !== 'FAILED') expect(row.rows_loaded).toBe(loaded.length);
      if (!c.unread) {
        const cr = /^[^\r\n]*\r(?!\n)/.test(file.toString('latin1'));
        const recordLines =
          source.mode === 'incremental'
            ? row.rows_loaded
            : loaded.reduce((n, r) => n + 1 + r.reduce((k, v) => k + breaksIn(v, cr), 0), 0);
        expect(recordLines + row.rows_rejected).toBe(dataLines(file));
      }

      // Every row_hash is the documented hash of its stored values.
      const wrong = await db().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table}
          WHERE row_hash IS DISTINCT FROM md5(
            coalesce(convert_to(id, 'UTF8') || '\\x00'::bytea, '\\xff'::bytea) ||
            coalesce(convert_to(name, 'UTF8') || '\\x00'::bytea, '\\xff'::bytea) ||
            coalesce(convert_to(amount, 'UTF8') || '\\x00'::bytea, '\\xff'::bytea))`,
      );
      expect(wrong.rows[0]!.n).toBe(0);
    });
  });
});
