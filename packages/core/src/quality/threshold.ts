/** A rule's threshold (`5`, `2.5`, `"5%"`) in percent; undefined when it is not a percentage. */
export function parseThreshold(value: unknown): number | undefined {
  if (value === undefined || value === null) return 0;
  const pct = typeof value === 'number' ? value : Number(String(value).trim().replace(/\s*%$/, ''));
  return Number.isFinite(pct) && pct >= 0 && pct <= 100 ? pct : undefined;
}
