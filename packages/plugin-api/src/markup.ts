/**
 * Escapes text for XML, HTML and SVG content and attribute values, and drops the characters XML
 * 1.0 cannot hold (control characters from a feed would otherwise make a JUnit file or an inline
 * SVG unreadable). One escaper for every plugin that writes markup.
 */
export function xmlEscape(text: string): string {
  let kept = '';
  for (const ch of text) if (isXmlChar(ch.codePointAt(0)!)) kept += ch;
  return kept
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The characters XML 1.0 allows: tab, newlines and everything from space up, less surrogates and U+FFFE/F. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    code >= 0x10000
  );
}
