import { createHash } from 'node:crypto';
import type { RuleDefinition } from '@dq/plugin-api';

/** JSON with object keys sorted at every level, so equal content always prints the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

/**
 * sha256 of the rule's canonical JSON: what it checks, not where it is written, so moving a
 * rule to another file or reformatting it keeps its version.
 */
export function ruleContentHash(rule: RuleDefinition): string {
  const { source: _source, ...content } = rule;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
