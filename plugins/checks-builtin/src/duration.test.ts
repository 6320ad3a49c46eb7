import { expect, it } from 'vitest';
import { toInterval } from './duration.js';

it('turns 36h, 7d, 1.5w into PostgreSQL intervals and refuses anything else', () => {
  expect(toInterval('36h')).toBe('36 hours');
  expect(toInterval('7d')).toBe('7 days');
  expect(toInterval('1.5w')).toBe('1.5 weeks');
  expect(toInterval(' 90 m ')).toBe('90 minutes');
  expect(() => toInterval('7 days')).toThrow(/not a duration/);
});
