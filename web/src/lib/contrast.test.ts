import { describe, expect, it } from 'vitest';
import { contrastRatio, parseHex, readableColor } from './contrast.ts';

describe('readableColor: a persona’s colour as readable text', () => {
  it.each(['#e0823d', '#ffff00', '#7c5cbf', '#2f8f83', '#000000', '#ffffff', '#abc'])(
    'reads at 4.5:1 or better on both themes: %s',
    (color) => {
      for (const [surface, text] of [
        ['#ffffff', '#1b1f24'],
        ['#161b22', '#e6edf3'],
      ] as const) {
        const ink = readableColor(color, surface, text);
        expect(contrastRatio(parseHex(ink)!, parseHex(surface)!)).toBeGreaterThanOrEqual(4.5);
      }
    },
  );

  it('keeps a colour that already reads well, and falls back to the text colour for a malformed one', () => {
    expect(readableColor('#1d4e89', '#ffffff', '#1b1f24')).toBe('#1d4e89');
    expect(readableColor('red', '#ffffff', '#1b1f24')).toBe('#1b1f24');
  });
});
