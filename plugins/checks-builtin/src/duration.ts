const DURATION = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/;
const UNITS: Record<string, string> = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days', w: 'weeks' };

/** The JSON Schema pattern of a duration such as `36h` or `7d`. */
export const DURATION_PATTERN = DURATION.source;

/** `36h` as a PostgreSQL interval literal (`36 hours`), bound as a value by the caller. */
export function toInterval(duration: string): string {
  const match = DURATION.exec(duration.trim());
  if (!match) throw new Error(`"${duration}" is not a duration like 36h or 7d`);
  return `${match[1]} ${UNITS[match[2]!]}`;
}
