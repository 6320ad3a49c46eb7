import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { lineOf } from '../config/config-errors.js';

/** One rule as written, before validation, with a way to find the line of any of its fields. */
export interface RawRule {
  /** The file as shown in messages. */
  display: string;
  /** Absolute path of the file. */
  file: string;
  data: unknown;
  /** Line of the rule itself. */
  line: number;
  /** Line of a field inside the rule (the key's line when `key`), or the rule's line. */
  lineOf(path: readonly (string | number)[], key?: boolean): number;
}

/** A parsed rule file: its rules, or the problems that kept it from being read. */
export interface ParsedRuleFile {
  rules: RawRule[];
  problems: string[];
}

/**
 * Reads a YAML or JSON rule file holding one rule (a mapping) or a list of rules. JSON is parsed
 * strictly by JSON.parse; the YAML parser, which reads JSON too, supplies the line numbers.
 */
export function parseRuleFile(file: string, display: string): ParsedRuleFile {
  const text = readFileSync(file, 'utf8');
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  let data: unknown;
  if (extname(file).toLowerCase() === '.json') {
    try {
      data = JSON.parse(text);
    } catch (err) {
      return {
        rules: [],
        problems: [`${display}:${jsonErrorLine(err, text)}: not valid JSON: ${(err as Error).message}`],
      };
    }
  } else {
    if (doc.errors.length > 0) {
      return {
        rules: [],
        problems: doc.errors.map(
          (e) => `${display}:${e.linePos?.[0]?.line ?? 1}: not valid YAML: ${e.message.split('\n')[0]}`,
        ),
      };
    }
    data = doc.toJS();
  }
  const usable = doc.errors.length === 0 ? doc : undefined;
  if (data === null || data === undefined)
    return { rules: [], problems: [`${display}:1: the file holds no rule.`] };
  if (Array.isArray(data)) {
    if (data.length === 0) return { rules: [], problems: [`${display}:1: the list holds no rule.`] };
    return { rules: data.map((item, i) => rawRule(display, file, item, [i], usable, counter)), problems: [] };
  }
  if (typeof data !== 'object') {
    return {
      rules: [],
      problems: [`${display}:1: a rule file holds one rule (a mapping) or a list of rules.`],
    };
  }
  return { rules: [rawRule(display, file, data, [], usable, counter)], problems: [] };
}

function rawRule(
  display: string,
  file: string,
  data: unknown,
  prefix: (string | number)[],
  doc: Document | undefined,
  counter: LineCounter,
): RawRule {
  const line = lineOf(doc, counter, prefix) ?? 1;
  return {
    display,
    file,
    data,
    line,
    lineOf: (path, key = false) =>
      lineOf(doc, counter, [...prefix, ...path], key) ??
      lineOf(doc, counter, [...prefix, ...path.slice(0, -1)]) ??
      line,
  };
}

function jsonErrorLine(err: unknown, text: string): number {
  const position = /position (\d+)/.exec((err as Error).message);
  if (!position) return 1;
  return text.slice(0, Number(position[1])).split('\n').length;
}
