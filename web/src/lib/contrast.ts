/** A persona's own colour made readable as text: mixed toward the theme's text colour until it reaches 4.5:1 (WCAG AA) on the page's surface. */

type Rgb = [number, number, number];

/** `#rgb` or `#rrggbb` as numbers; null for anything else. */
export function parseHex(color: string): Rgb | null {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!match) return null;
  const hex = match[1]!.length === 3 ? [...match[1]!].map((digit) => digit + digit).join('') : match[1]!;
  return [0, 2, 4].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)) as Rgb;
}

function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((channel) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two colours. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const toHex = (rgb: Rgb) => `#${rgb.map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;

/** `color` as text on `surface`: itself when it reads well enough, else the least mix toward `text` that does. */
export function readableColor(color: string, surface: string, text: string, minimum = 4.5): string {
  const own = parseHex(color);
  const back = parseHex(surface);
  const ink = parseHex(text);
  if (!own || !back || !ink) return text;
  for (let share = 0; share <= 1; share += 0.1) {
    const mixed = own.map((channel, index) => channel + (ink[index]! - channel) * share) as Rgb;
    if (contrastRatio(mixed, back) >= minimum) return toHex(mixed);
  }
  return text;
}
