import { redactUrl } from '@dq/db';
import type { ErrorObject } from 'ajv';
import { type Document, isMap, isScalar, type LineCounter } from 'yaml';

/** Where a config value came from, for messages. */
export type ValueOrigin =
  | { kind: 'file'; file: string }
  | { kind: 'env'; variable: string }
  | { kind: 'default' };

/** Turns a JSON pointer (`/sources/0/table`) into segments (`['sources', 0, 'table']`). */
export function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Prints a path as `sources[0].table`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg),
    '',
  );
}

/** The 1-based line of a path in a YAML document (the key when `key` is true), if present there. */
export function lineOf(
  doc: Document | undefined,
  counter: LineCounter | undefined,
  path: readonly (string | number)[],
  key = false,
): number | undefined {
  if (!doc || !counter) return undefined;
  if (key && path.length > 0) {
    const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return counter.linePos(range[0]).line;
    }
  }
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  return node?.range ? counter.linePos(node.range[0]).line : undefined;
}

/** Close spellings of `word` among `candidates` (Levenshtein distance ≤ 2 or same prefix). */
export function suggest(word: string, candidates: readonly string[]): string[] {
  const lower = word.toLowerCase();
  return candidates.filter((c) => {
    const cl = c.toLowerCase();
    return distance(lower, cl) <= 2 || (lower.length >= 4 && (cl.startsWith(lower) || lower.startsWith(cl)));
  });
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}

const SECRET_KEY = /(pass(word)?|secret|token|api[_-]?key)$/i;

/**
 * True when a path holds a secret: its last segment names one (password, token, ...), or it is
 * an alert destination's url or header (webhook URLs carry their token in the path or query).
 */
export function isSecretPath(path: readonly (string | number)[]): boolean {
  const last = path[path.length - 1];
  if (path[0] === 'alerting' && path[1] === 'destinations' && (path[3] === 'url' || path[3] === 'headers'))
    return true;
  return typeof last === 'string' && SECRET_KEY.test(last);
}

/**
 * The parts of a secret URL that may be printed without the rest: as Node normalises it, its
 * path and query, and each long path segment or query value (a Slack token, a Teams `sig`).
 */
export function webhookUrlSecrets(value: string): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  const parts = [url.href, `${url.pathname}${url.search}`, url.password];
  for (const segment of url.pathname.split('/')) if (segment.length >= 16) parts.push(segment);
  for (const [, v] of url.searchParams) if (v.length >= 16) parts.push(v, encodeURIComponent(v));
  return parts.filter((p) => p.length >= 8 && p !== '/');
}

/** A short, safe rendering of an offending value. */
export function showValue(value: unknown, path: readonly (string | number)[]): string {
  return show(value, path);
}

function show(value: unknown, path: readonly (string | number)[]): string {
  if (isSecretPath(path)) return '***';
  const text = JSON.stringify(typeof value === 'string' ? redactUrl(value) : value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One human message (path, problem, fix) for an ajv error. */
export function describeAjvError(
  error: ErrorObject,
  value: unknown,
): { path: (string | number)[]; key: boolean; text: string } {
  const path = pointerToPath(error.instancePath);
  const at = formatPath(path);
  const params = error.params as Record<string, unknown>;
  // A value its schema marks secret is never shown, whatever its key is called.
  const showValue = (v: unknown, p: readonly (string | number)[]) =>
    (error.parentSchema as { secret?: unknown } | undefined)?.secret === true ? '***' : show(v, p);
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {}).filter(
        (k) => k !== '$schema',
      );
      const close = suggest(extra, allowed);
      const fix = close.length
        ? `did you mean ${close.join(' or ')}`
        : `remove it; allowed keys here: ${allowed.join(', ')}`;
      return {
        path: [...path, extra],
        key: true,
        text: `${formatPath([...path, extra])}: unknown key. Fix: ${fix}.`,
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
      return {
        path,
        key: false,
        text: `${at}: ${showValue(value, path)} is not allowed. Fix: use one of ${allowed}.`,
      };
    }
    case 'type':
      return {
        path,
        key: false,
        text: `${at}: must be ${article(String(params.type))}, got ${showValue(value, path)}. Fix: write ${article(String(params.type))}.`,
      };
    case 'required':
      return {
        path,
        key: false,
        text: `${formatPath([...path, String(params.missingProperty)])}: is required. Fix: add it.`,
      };
    case 'pattern':
      return {
        path,
        key: false,
        text: `${at}: ${showValue(value, path)} does not match ${String(params.pattern)}. Fix: correct the value.`,
      };
    case 'minimum':
    case 'maximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
      return {
        path,
        key: false,
        text: `${at}: ${error.message} (got ${showValue(value, path)}). Fix: correct the value.`,
      };
    default:
      return { path, key: false, text: `${at || '(top level)'}: ${error.message}.` };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
