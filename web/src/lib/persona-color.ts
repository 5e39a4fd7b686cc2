/** A persona's colour as the stage uses it: the raw colour for rings and edges, a readable one for its name (per theme). */
import { theme } from '../stores/theme.ts';
import { readableColor } from './contrast.ts';

/** The bubble surface and body text of each theme (styles.css, --surface and --text). */
const INK = { light: { surface: '#ffffff', text: '#1b1f24' }, dark: { surface: '#161b22', text: '#e6edf3' } } as const;

const cache = new Map<string, string>();

/** The persona's colour as text on a bubble in the current theme, at least 4.5:1; reactive to the theme. */
export function personaInk(color: string): string {
  const current = theme();
  const key = `${current}:${color}`;
  let ink = cache.get(key);
  if (ink === undefined) {
    // 5:1 leaves room for the faint persona tint of a bubble's background.
    ink = readableColor(color, INK[current].surface, INK[current].text, 5);
    cache.set(key, ink);
  }
  return ink;
}
