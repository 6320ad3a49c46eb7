const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `24h`, `30m`, `7d`, `90s` in milliseconds (the config schema has checked the shape). */
export function durationMs(text: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)(s|m|h|d)$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text} (use e.g. 30m, 24h, 7d)`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}
