import { xmlEscape } from '@dq/plugin-api';
/** Escapes text for SVG content and attribute values (the one escaper of plugin-api). */
export const esc = xmlEscape;

/** A number for a label: at most one decimal, no trailing `.0`. */
export function fmt(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/** A coordinate with two decimals at most (keeps the SVG small). */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Shortens a label to `max` characters with an ellipsis. */
export function clip(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

export const FONT = 'DejaVu Sans, Segoe UI, Helvetica, Arial, sans-serif';
export const DEFAULT_COLOR = '#3b6ea5';
export const AXIS_COLOR = '#9aa5b1';
export const TEXT_COLOR = '#1f2933';

/** The opening `<svg>` tag with a title for screen readers. */
export function svgOpen(width: number, height: number, title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `role="img" aria-label="${esc(title)}" font-family="${FONT}" font-size="12" style="max-width:100%;height:auto">` +
    `<title>${esc(title)}</title><rect width="${width}" height="${height}" fill="#ffffff"/>` +
    `<text x="12" y="20" font-size="14" font-weight="bold" fill="${TEXT_COLOR}">${esc(title)}</text>`
  );
}
