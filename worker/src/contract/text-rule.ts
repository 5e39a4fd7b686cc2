/**
 * The one text rule, as the wire contract applies it (the audience's
 * suggestions) and text-schema.ts builds its zod fields on: control
 * characters (C0 except tab, newline and carriage return; DEL; C1) and lone
 * UTF-16 surrogates are refused on input and stripped from provider output.
 */

/** Anything the rule refuses anywhere: C0 but tab/newline/CR, DEL, C1, and surrogates without their pair. */
// With the `u` flag a valid surrogate pair is one code point, so the surrogate range matches only lone halves.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what the rule refuses
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/u;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu');
/** Single-line fields also refuse the line breaks and tabs that multiline text may hold. */
const LINE_BREAKS = /[\t\n\r]/;

/** Whether `value` breaks the text rule (line breaks and tabs allowed only where `multiline`). */
export function breaksTextRule(value: string, options: { multiline?: boolean } = {}): boolean {
  return FORBIDDEN.test(value) || (!options.multiline && LINE_BREAKS.test(value));
}

/** `value` without the characters the rule refuses; tabs and line breaks are kept. For text we did not write (provider replies). */
export function stripForbiddenText(value: string): string {
  return value.replace(FORBIDDEN_ALL, '');
}
