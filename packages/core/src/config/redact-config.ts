import { redactUrl } from '@dq/db';
import type { DqConfig } from '@dq/plugin-api';
import { isSecretPath } from './config-errors.js';

/** A copy of the config safe to print: passwords, tokens and URL passwords replaced by `***`. */
export function redactConfig(config: DqConfig): DqConfig {
  const walk = (node: unknown, path: (string | number)[]): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    if (typeof node === 'string') {
      if (isSecretPath(path)) return '***';
      if (/^postgres(ql)?:\/\//.test(node)) return redactUrl(node);
    }
    return node;
  };
  return walk(config, []) as DqConfig;
}
