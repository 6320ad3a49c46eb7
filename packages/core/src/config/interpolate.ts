import { DqError } from '@dq/plugin-api';
import { parse as parseYaml } from 'yaml';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:\?|:-)([^}]*))?\}/g;
const WHOLE_REFERENCE = /^\$\{[^}]+\}$/;

/** Marker for a value whose variable is unset: the key is dropped. */
const ABSENT = Symbol('absent');

/**
 * Replaces `${VAR}` references in every string of a parsed config. `${VAR:-default}` falls back
 * to the default; `${VAR:?why}` is required; a plain `${VAR}` that is unset leaves the key absent.
 * A value that is a single reference is re-read as a YAML scalar, so `port: ${SMTP_PORT}` is a number.
 */
export function interpolate(
  value: unknown,
  env: NodeJS.ProcessEnv,
  where: (path: string) => string,
  /** Told of every key whose value came (in part) from a set variable: its dotted path and the variable. */
  onReference: (path: string, variable: string) => void = () => {},
): unknown {
  const walk = (node: unknown, path: string): unknown => {
    if (typeof node === 'string') return interpolateString(node, env, path, where, onReference);
    if (Array.isArray(node)) {
      return node.map((item, i) => walk(item, `${path}[${i}]`)).filter((item) => item !== ABSENT);
    }
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) {
        const next = walk(child, path ? `${path}.${key}` : key);
        if (next !== ABSENT) out[key] = next;
      }
      return out;
    }
    return node;
  };
  return walk(value, '');
}

function interpolateString(
  text: string,
  env: NodeJS.ProcessEnv,
  path: string,
  where: (path: string) => string,
  onReference: (path: string, variable: string) => void,
): unknown {
  if (!text.includes('${')) return text;
  let absent = false;
  const replaced = text.replace(
    REFERENCE,
    (_match, name: string, op: string | undefined, arg: string | undefined) => {
      const set = env[name];
      if (set !== undefined && set !== '') {
        onReference(path, name);
        return set;
      }
      if (op === ':-') return arg ?? '';
      if (op === ':?') {
        throw new DqError(
          'DQ_CONFIG_INVALID',
          `${where(path)}: ${path} needs the environment variable ${name}: ${arg || 'it is required'}.`,
          {
            hint: `Set ${name} in the environment (or in a git-ignored .env file loaded by your shell).`,
          },
        );
      }
      absent = true;
      return '';
    },
  );
  if (absent) return ABSENT;
  return WHOLE_REFERENCE.test(text) ? parseScalar(replaced) : replaced;
}

/** Reads an environment string as a YAML scalar: `25` is a number, `true` a boolean, `[a, b]` a list. */
export function parseScalar(text: string): unknown {
  try {
    const parsed = parseYaml(text);
    return parsed === null || parsed === undefined ? text : parsed;
  } catch {
    return text;
  }
}
