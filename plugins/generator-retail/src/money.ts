/**
 * Amounts are whole cents while generating, so a transaction's total is exactly the sum of its
 * lines and no float rounding drifts into the files.
 */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const fraction = abs % 100;
  return `${sign}${(abs - fraction) / 100}.${fraction < 10 ? '0' : ''}${fraction}`;
}
