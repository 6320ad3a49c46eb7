/** Score bands of the report: >= 95 green, >= 80 amber, else red; n/a when there is no score. */
export type Band = 'green' | 'amber' | 'red' | 'na';

export const BAND_COLORS: Record<Band, string> = {
  green: '#2e9d5b',
  amber: '#e0a100',
  red: '#d64545',
  na: '#9aa5b1',
};

export const STATUS_COLORS: Record<string, string> = {
  PASSED: '#2e9d5b',
  WARNING: '#e0a100',
  FAILED: '#d64545',
  ERROR: '#7b2cbf',
  LEARNING: '#9aa5b1',
};

export function band(score: number | null): Band {
  if (score === null) return 'na';
  if (score >= 95) return 'green';
  if (score >= 80) return 'amber';
  return 'red';
}

/** A score with one decimal, or `n/a`. */
export function score(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(1);
}

/** A count with thousands separators. */
export function count(value: number | null): string {
  return value === null ? '–' : Math.round(value).toLocaleString('en-US');
}

/** A percentage with up to two decimals. */
export function pct(value: number | null): string {
  if (value === null) return '–';
  return `${Math.round(value * 100) / 100}%`;
}

/** `2026-11-27 06:15 UTC` from an ISO timestamp. */
export function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** `YYYYMMDD` from `YYYY-MM-DD`. */
export function compactDate(date: string): string {
  return date.replace(/-/g, '');
}
