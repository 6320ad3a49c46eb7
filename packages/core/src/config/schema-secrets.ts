import { urlSecrets } from '@dq/db';
import { webhookUrlSecrets } from './config-errors.js';

type Schema = Record<string, unknown>;

const URL_VALUE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The secret values of `value` as its JSON Schema declares them: every string under a schema
 * node marked `secret: true` (plugin options, source options and the core config alike), and the
 * password of every URL anywhere (user info or `?password=`). Names are not guessed: a field is
 * secret because its schema says so.
 */
export function schemaSecrets(schema: Schema | undefined, value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: Schema | undefined, v: unknown): void => {
    if (typeof v === 'string') {
      // A secret URL (a webhook's) is secret in its parts too: printed normalised, or only its path.
      if (node?.secret === true && v) found.push(v, ...webhookUrlSecrets(v));
      else if (URL_VALUE.test(v)) found.push(...urlSecrets(v));
      return;
    }
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      const branches = node?.[key];
      if (Array.isArray(branches)) for (const b of branches) walk(b as Schema, v);
    }
    if (Array.isArray(v)) {
      const prefix = (node?.prefixItems as Schema[] | undefined) ?? [];
      v.forEach((item, i) => {
        walk(prefix[i] ?? (node?.items as Schema | undefined), item);
      });
      return;
    }
    if (v && typeof v === 'object') {
      const properties = (node?.properties as Record<string, Schema> | undefined) ?? {};
      const extra = node?.additionalProperties;
      for (const [key, child] of Object.entries(v)) {
        walk(properties[key] ?? (typeof extra === 'object' ? (extra as Schema) : undefined), child);
      }
    }
  };
  walk(schema, value);
  return [...new Set(found)];
}
