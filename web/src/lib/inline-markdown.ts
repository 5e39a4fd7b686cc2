/**
 * The little Markdown the room shows: `**strong**`, `*emphasis*` and `` `code` ``
 * inside a line, nothing else (no links, images or HTML). It yields spans of
 * plain text that the page renders as text nodes, so nothing in a message can
 * become markup; a marker without its pair stays as written.
 */

/** A run of text and how it is shown. */
export interface Span {
  kind: 'text' | 'strong' | 'em' | 'code';
  text: string;
}

const INLINE = /`([^`\n]+)`|\*\*(?=\S)([^*\n]*?\S)\*\*|\*(?=[^\s*])([^*\n]*?[^\s*])\*/g;

/** The spans of `text`, in order; their texts joined are `text` without the markers that were paired. */
export function parseInline(text: string): Span[] {
  const spans: Span[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const at = match.index;
    if (at > last) spans.push({ kind: 'text', text: text.slice(last, at) });
    if (match[1] !== undefined) spans.push({ kind: 'code', text: match[1] });
    else if (match[2] !== undefined) spans.push({ kind: 'strong', text: match[2] });
    else spans.push({ kind: 'em', text: match[3]! });
    last = at + match[0].length;
  }
  if (last < text.length) spans.push({ kind: 'text', text: text.slice(last) });
  return spans;
}
