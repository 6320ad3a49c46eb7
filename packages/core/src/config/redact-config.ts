import { redactUrl, scrub } from '@dq/db';
import type { DqConfig } from '@dq/plugin-api';

/**
 * A copy of the config safe to print: every secret value (as the runtime knows them: marked
 * secret by a schema, or a URL's password) replaced by `***`, and URL passwords masked.
 */
export function redactConfig(config: DqConfig, secrets: readonly string[]): DqConfig {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    if (typeof node === 'string') return scrub(redactUrl(node), secrets);
    return node;
  };
  return walk(config) as DqConfig;
}
