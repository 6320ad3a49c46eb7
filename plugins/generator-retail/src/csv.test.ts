import { describe, expect, it } from 'vitest';
import { encodeField, encodeRow, oneLine } from './csv.js';

describe('csv encoding', () => {
  it('quotes only fields holding a comma, a quote or a line break, doubling quotes', () => {
    expect(encodeField('Hayes Inc')).toBe('Hayes Inc');
    expect(encodeField("O'Kon")).toBe("O'Kon");
    expect(encodeField('Littel, Blanda and Donnelly')).toBe('"Littel, Blanda and Donnelly"');
    expect(encodeField('say "hi"')).toBe('"say ""hi"""');
    expect(encodeField('a\nb')).toBe('"a\nb"');
  });

  it('joins a row with commas, leaves empty values empty and ends it with \\n', () => {
    expect(encodeRow(['CUST000001', '', 'a,b', ''])).toBe('CUST000001,,"a,b",\n');
  });

  it('folds line breaks so that a value never spans lines', () => {
    expect(oneLine('Suite 1\r\nFloor 2\nBack')).toBe('Suite 1 Floor 2 Back');
    expect(oneLine('plain')).toBe('plain');
  });
});
