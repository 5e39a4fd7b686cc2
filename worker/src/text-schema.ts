/** Text input as the API accepts it: trimmed, bounded, and free of control characters. */
import { z } from '@hono/zod-openapi';

const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_BUT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Trimmed text of `min` to `max` characters; newlines and tabs only where `multiline`. */
export function plainText(min: number, max: number, options: { multiline?: boolean } = {}) {
  const forbidden = options.multiline ? CONTROL_BUT_NEWLINES : CONTROL;
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !forbidden.test(value), 'must not contain control characters');
}
