/**
 * The one text rule for everything that enters Chimera as text: REST bodies,
 * WebSocket frames, persona fields and provider replies. Control characters
 * (C0 except tab, newline and carriage return; DEL; C1) and lone UTF-16
 * surrogates are refused on input and stripped from provider output: Postgres
 * refuses NUL in text for good, and the rest render as garbage or hide text.
 * The rule itself is in contract/text-rule.ts (the wire contract applies it
 * too); here are its zod fields. Free of server code (plain zod), so the web
 * app can import it.
 */
import { z } from 'zod';
import { breaksTextRule } from './contract/text-rule.ts';

export { breaksTextRule, stripForbiddenText } from './contract/text-rule.ts';

/** Trimmed text of `min` to `max` characters under the text rule; newlines and tabs only where `multiline`. */
export function plainText(min: number, max: number, options: { multiline?: boolean } = {}) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine(
      (value) => !breaksTextRule(value, options),
      options.multiline ? 'must not contain control characters' : 'must be one line without control characters',
    );
}
