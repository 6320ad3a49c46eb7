import { parseScalar } from './interpolate.js';

/** One `DQ_` environment variable mapped onto a config path. */
export interface EnvOverride {
  variable: string;
  path: string[];
  value: unknown;
}

const camel = (segment: string) =>
  segment.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * Reads `DQ_<PATH>` variables: `__` separates levels, each segment's underscores become
 * camelCase. `DQ_QUALITY__FAIL_ON=warning` sets quality.failOn.
 */
export function readEnvOverrides(env: NodeJS.ProcessEnv): EnvOverride[] {
  return Object.entries(env)
    .filter(([name, value]) => name.startsWith('DQ_') && name.length > 3 && value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([variable, value]) => ({
      variable,
      path: variable.slice(3).split('__').filter(Boolean).map(camel),
      value: parseScalar(value as string),
    }));
}

/** Sets `value` at `path` inside `target`, creating objects on the way. */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (!next || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
}
