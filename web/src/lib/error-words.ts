/**
 * The API's refusals in words a person would write. A field's issue (the
 * validator's "Too small: expected string to have >=10 characters") becomes a
 * sentence about that field ("Use at least 10 characters for your password");
 * an error code becomes a sentence for the form's alert. Pure, so it is
 * tested alone; lib/form.ts applies it.
 */
import type { ApiError } from './api.ts';

/** How a sentence names each field of a form, by its path: `{ password: 'your password' }`. */
export type FieldNames = Readonly<Record<string, string>>;

const plural = (count: string, one: string, many: string) => `${count} ${count === '1' ? one : many}`;
const forField = (name: string | undefined) => (name ? ` for ${name}` : '');

/** One rule: a validator message it recognises, and the sentence it makes of it. */
type Rule = [RegExp, (match: RegExpMatchArray, name: string | undefined) => string];

const RULES: Rule[] = [
  [
    /^Too small: expected string to have >=?(\d+) characters?/i,
    ([, n], name) =>
      n === '1'
        ? `Fill in ${name ?? 'this field'}.`
        : `Use at least ${plural(n!, 'character', 'characters')}${forField(name)}.`,
  ],
  [
    /^Too big: expected string to have <=?(\d+) characters?/i,
    ([, n], name) => `Use at most ${plural(n!, 'character', 'characters')}${forField(name)}.`,
  ],
  [
    /^Too small: expected array to have >=?(\d+) items?/i,
    ([, n], name) => `Choose at least ${n}${name ? ` ${name}` : ''}.`,
  ],
  [
    /^Too big: expected array to have <=?(\d+) items?/i,
    ([, n], name) => `Choose at most ${n}${name ? ` ${name}` : ''}.`,
  ],
  [/^Too small: expected number to be >=(-?[\d.]+)/i, ([, n], name) => `Use ${n} or more${forField(name)}.`],
  [/^Too small: expected number to be >(-?[\d.]+)/i, ([, n], name) => `Use more than ${n}${forField(name)}.`],
  [/^Too big: expected number to be <=(-?[\d.]+)/i, ([, n], name) => `Use ${n} or less${forField(name)}.`],
  [/^Too big: expected number to be <(-?[\d.]+)/i, ([, n], name) => `Use less than ${n}${forField(name)}.`],
  [/expected int, received/i, (_, name) => `Use a whole number${forField(name)}.`],
  [/expected number, received (NaN|string|undefined)/i, (_, name) => `Enter a number${forField(name)}.`],
  [/^Invalid email/i, () => 'Enter an email address, like ada@example.com.'],
  [/received undefined$/i, (_, name) => `Fill in ${name ?? 'this field'}.`],
  [/^Invalid (option|input: expected one of)/i, () => 'Pick one of the options offered.'],
  [/^Invalid string: must match pattern/i, (_, name) => `Use only the characters allowed${forField(name)}.`],
  [
    /^must be at least (\d+) characters?/i,
    ([, n], name) => `Use at least ${plural(n!, 'character', 'characters')}${forField(name)}.`,
  ],
  [
    /^must be at most (\d+) characters?/i,
    ([, n], name) => `Use at most ${plural(n!, 'character', 'characters')}${forField(name)}.`,
  ],
  // The API's own "must …" phrases read well after the field's name: "Your username must be 3 to 32 letters…".
  [/^(must .+?)\.?$/i, ([, rule], name) => `${name ? name[0]!.toUpperCase() + name.slice(1) : 'This'} ${rule}.`],
];

/** A sentence for one issue of a field; a message no rule knows keeps its own words, as a sentence. */
export function issueSentence(message: string, name?: string): string {
  for (const [pattern, sentence] of RULES) {
    const match = message.match(pattern);
    if (match) return sentence(match, name);
  }
  const text = message.trim();
  if (!text) return 'Check this field.';
  const capitalised = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** Sentences for the codes whose server message is written for developers. */
const CODE_SENTENCES: Record<string, string> = {
  bad_request: 'The form could not be read. Reload the page and try again.',
  csrf_rejected: 'This page is out of date. Reload it and try again.',
  origin_rejected: 'This page is out of date. Reload it and try again.',
  unauthenticated: 'Sign in first.',
  not_owner: 'Only the room’s owner can do that.',
  read_only: 'The seed personas cannot be changed: write your own instead.',
  payload_too_large: 'That is too long to send in one go.',
  unsupported_media_type: 'The form could not be sent. Reload the page and try again.',
  room_unavailable: 'The room is not answering right now. Try again in a moment.',
};

/** The alert's sentence for an API error that is not about one field; undefined to keep the server's own words. */
export function codeSentence(error: ApiError): string | undefined {
  const known = CODE_SENTENCES[error.code];
  if (known) return known;
  if (error.status >= 500) return `Something went wrong on our side (HTTP ${error.status}). Try again in a moment.`;
  return undefined;
}
