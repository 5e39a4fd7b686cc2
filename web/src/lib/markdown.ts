/**
 * Personas' messages as safe Markdown: `marked` turns the text into HTML and
 * DOMPurify keeps only the few elements a chat message needs (paragraphs,
 * lists, emphasis, code, quotes, links). HTML written in a message is shown as
 * text, never parsed; images are shown as their words; a link may only go to
 * http(s) or mailto and always opens in a new tab with
 * `rel="noopener noreferrer nofollow"`. This module is loaded on demand
 * (lib/markdown-loader.ts), so the room's own chunk does not carry it.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

/** The elements a rendered message may hold. */
export const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'blockquote',
  'a',
  'hr',
];

/** What every link of a message carries. */
export const LINK_REL = 'noopener noreferrer nofollow';

const SAFE_URL = /^(?:https?:|mailto:)/i;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const marked = new Marked({
  gfm: true,
  // A line break in a message is a line break on screen, as in chat apps.
  breaks: true,
  async: false,
  renderer: {
    // Raw HTML in a message is the persona's words, not markup: shown as written.
    html: ({ text }) => escapeHtml(text),
    // No images: a tracking pixel or a huge picture has no place in a chat line.
    image: ({ text }) => escapeHtml(text),
    // Headings become strong paragraphs: a message has no document outline.
    heading({ tokens }) {
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>`;
    },
  },
});

const purifier = DOMPurify(globalThis.window);
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName !== 'A') return;
  const href = node.getAttribute('href') ?? '';
  if (!SAFE_URL.test(href)) {
    node.removeAttribute('href');
    return;
  }
  node.setAttribute('target', '_blank');
  node.setAttribute('rel', LINK_REL);
});

/** The message as sanitised HTML, for `innerHTML`. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text) as string;
  return purifier
    .sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR: ['href'], ALLOWED_URI_REGEXP: SAFE_URL, KEEP_CONTENT: true })
    .trim();
}
