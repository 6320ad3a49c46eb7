import type { ParquetParsers } from 'hyparquet';

const utf8 = new TextDecoder();

/** ISO text of a point in time given in some unit since the epoch, keeping the digits past ms. */
function isoFrom(units: bigint, perMs: bigint): string {
  const ms = units / perMs - (units % perMs < 0n ? 1n : 0n);
  const rest = units - ms * perMs;
  const iso = new Date(Number(ms)).toISOString();
  if (perMs === 1n) return iso;
  const digits = perMs === 1000n ? 3 : 6;
  return `${iso.slice(0, -1)}${rest.toString().padStart(digits, '0')}Z`;
}

/**
 * hyparquet's parsers, returning text where its defaults build Dates (which drop microseconds)
 * or parse JSON (which rewrites it): timestamps as ISO text in UTC, dates as YYYY-MM-DD, JSON as
 * written, geometry as its WKB bytes (hex, below).
 */
export const TEXT_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (v) => isoFrom(BigInt(v), 1n),
  timestampFromMicroseconds: (v) => isoFrom(BigInt(v), 1000n),
  timestampFromNanoseconds: (v) => isoFrom(BigInt(v), 1000000n),
  dateFromDays: (days) => new Date(days * 86400000).toISOString().slice(0, 10),
  jsonFromBytes: (b) => b && utf8.decode(b),
  geometryFromBytes: (b) => b,
  geographyFromBytes: (b) => b,
};

/**
 * A decoded Parquet value as staged text: strings as they are, numbers and booleans printed,
 * binary as PostgreSQL's bytea text (`\x` and hex), lists and structs as JSON. Null stays null.
 */
export function parquetText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(v);
  }
  if (v instanceof Uint8Array)
    return `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v, (_k, x) =>
    typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? parquetText(x) : x,
  );
}

/**
 * A DECIMAL as exact text from its unscaled integer (INT32, INT64, or big-endian two's-complement
 * bytes) and its scale. hyparquet turns decimals into JS numbers by multiplying with 10^-scale, so
 * 1.15 stored as 115 at scale 2 came out as 1.1500000000000001 and digits past the fifteenth were
 * lost: the source reads these columns undecoded and formats them here instead.
 */
export function decimalText(raw: unknown, scale: number): string | null {
  if (raw === null || raw === undefined) return null;
  let unscaled = 0n;
  if (raw instanceof Uint8Array) {
    for (const byte of raw) unscaled = unscaled * 256n + BigInt(byte);
    if (raw.length > 0 && raw[0]! >= 0x80) unscaled -= 1n << BigInt(raw.length * 8);
  } else {
    unscaled = BigInt(raw as number | bigint);
  }
  if (scale <= 0) return (unscaled * 10n ** BigInt(-scale)).toString();
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
