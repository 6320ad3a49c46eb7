// Both engines return values in the same JavaScript types, so code and tests never branch on
// the engine: int8 as number (counts fit), numeric as exact string, date as 'YYYY-MM-DD' string
// (a Date would shift with the local time zone), timestamps as Date.
export const OID = { int8: 20, numeric: 1700, date: 1082 } as const;

export const parseInt8 = (value: string): number => Number(value);
export const parseDate = (value: string): string => value;
