/** Text input as the API accepts it: trimmed, bounded, and free of control characters. */
import { z } from '@hono/zod-openapi';

const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_BUT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** A UTF-16 surrogate not part of a pair: no UTF-8 for it, so Postgres would store U+FFFD instead. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Trimmed text of `min` to `max` characters; newlines and tabs only where `multiline`. */
export function plainText(min: number, max: number, options: { multiline?: boolean } = {}) {
  const forbidden = options.multiline ? CONTROL_BUT_NEWLINES : CONTROL;
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !forbidden.test(value), 'must not contain control characters')
    .refine((value) => !LONE_SURROGATE.test(value), 'must not contain lone surrogates');
}
