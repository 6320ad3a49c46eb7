import { describe, expect, it } from 'vitest';
import { compactDate, dayOf, formatDate, formatTimestamp, parseFeedDate } from './calendar.js';

describe('calendar', () => {
  it('parses a feed date and formats days and timestamps', () => {
    const day = parseFeedDate('20260101');
    expect(day).toBe(dayOf(2026, 1, 1));
    expect(formatDate(day)).toBe('2026-01-01');
    expect(compactDate(day + 1)).toBe('20260102');
    expect(formatTimestamp(day * 86_400 + 86_399)).toBe('2026-01-01 23:59:59');
  });

  it('rejects impossible or malformed feed dates', () => {
    for (const bad of ['20260230', '2026-01-01', '202601', 'tomorrow']) {
      expect(() => parseFeedDate(bad)).toThrow(/not a valid YYYYMMDD/);
    }
  });
});
