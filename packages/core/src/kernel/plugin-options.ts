import { createRequire } from 'node:module';
import type { DqConfig, Source } from '@dq/plugin-api';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { describeAjvError, isSecretPath } from '../config/config-errors.js';
import { schemaSecrets } from '../config/schema-secrets.js';
import type { ResolvedPlugin } from './plugin-loader.js';

/** What checking options found: problems as `file:line: path: text`, and the secret values. */
export interface OptionsCheck {
  problems: string[];
  secrets: string[];
}

type Locate = (path: readonly (string | number)[]) => string;

const require = createRequire(import.meta.url);
let ajv: { compile(schema: object): ValidateFunction } | undefined;
/** Compiled on first use: most commands load no plugin with options. */
function compile(schema: object): ValidateFunction {
  if (!ajv) {
    const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    ajv = new Ajv2020({ allErrors: true, useDefaults: true, verbose: true, strict: false });
  }
  return ajv.compile(schema);
}

/**
 * Validates `options` against `schema` (filling its defaults in place) at `at`, the options' path
 * in the config. Without a schema nothing is checked and secrets are guessed from key names.
 */
export function checkOptions(
  schema: Readonly<Record<string, unknown>> | undefined,
  options: Record<string, unknown>,
  at: readonly (string | number)[],
  locate: Locate,
): OptionsCheck {
  if (!schema) return { problems: [], secrets: guessedSecrets(options) };
  const validate = compile(schema);
  const problems: string[] = [];
  if (!validate(options)) {
    for (const error of validate.errors ?? []) problems.push(describe(error, options, at, locate));
  }
  return { problems: [...new Set(problems)], secrets: schemaSecrets(schema, options) };
}

/** The options of every configured plugin against its optionsSchema (`plugins[i][1]`). */
export function checkPluginOptions(plugins: readonly ResolvedPlugin[], locate: Locate): OptionsCheck {
  return merge(
    plugins.map((p, i) => checkOptions(p.plugin.optionsSchema, p.options, ['plugins', i, 1], locate)),
  );
}

/** The options of every configured source against its kind's optionsSchema (`sources[i].options`). */
export function checkSourceOptions(
  sources: DqConfig['sources'],
  kinds: readonly Source[],
  locate: Locate,
): OptionsCheck {
  const byKind = new Map(kinds.map((k) => [k.kind, k]));
  return merge(
    sources.map((s, i) => {
      const kind = byKind.get(s.kind);
      if (!kind) return { problems: [], secrets: guessedSecrets(s.options ?? {}) };
      if (!kind.optionsSchema && !s.options) return { problems: [], secrets: [] };
      s.options ??= {};
      return checkOptions(kind.optionsSchema, s.options, ['sources', i, 'options'], locate);
    }),
  );
}

function merge(checks: OptionsCheck[]): OptionsCheck {
  return { problems: checks.flatMap((c) => c.problems), secrets: checks.flatMap((c) => c.secrets) };
}

function describe(
  error: ErrorObject,
  options: unknown,
  at: readonly (string | number)[],
  locate: Locate,
): string {
  // The error's path inside the options, shown and located as a path of the whole config.
  const inner = error.instancePath;
  const value = inner
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (node, seg) =>
        (node as Record<string, unknown> | undefined)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')],
      options,
    );
  const prefix = at.map((seg) => `/${String(seg)}`).join('');
  const described = describeAjvError({ ...error, instancePath: `${prefix}${inner}` }, value);
  return `${locate(described.path)}: ${described.text}`;
}

/** Secrets of options no schema describes: values under secret-looking key names. */
function guessedSecrets(options: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) for (const [i, item] of node.entries()) walk(item, [...path, i]);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
    } else if (typeof node === 'string' && node && isSecretPath(path)) found.push(node);
  };
  walk(options, []);
  return [...found, ...schemaSecrets(undefined, options)];
}
