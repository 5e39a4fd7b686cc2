/**
 * One place for a form's submit state and for turning what the server refused
 * into words (lib/error-words.ts): the API's `validation_failed` issues become
 * a sentence beside each field, cleared as soon as that field changes; every
 * other error one sentence for the form's alert.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { ErrorCode } from '../../../worker/src/contract/errors.ts';
import { ApiError } from './api.ts';
import { codeSentence, issueSentence, type FieldNames } from './error-words.ts';

/** Field errors keyed by the field's path in the request body, e.g. `title` or `personas.1.model`. */
export type FieldErrors = Readonly<Record<string, string>>;

/** A form's submit state: whether a submit is under way, the form's error message and each field's. */
export interface FormState {
  submitting: Accessor<boolean>;
  error: Accessor<string | null>;
  fieldErrors: Accessor<FieldErrors>;
  /** The error of one field, if the server named it; `nested` also takes an error of a part of it (`traits.2` for `traits`). */
  fieldError: (path: string, nested?: boolean) => string | undefined;
  /** The field changed: its error (and its parts') goes; the alert too once no field is marked. */
  clearField: (path: string) => void;
  /** Runs `action` once at a time; whatever it throws becomes the form's errors. */
  submit: (action: () => Promise<void>) => Promise<void>;
}

/** Error codes that are about one field, e.g. `{ username_taken: 'username' }`: their message goes beside that field. */
export type CodeFields = Readonly<Partial<Record<ErrorCode, string>>>;

/** What a form tells its state: the fields of field-specific codes, and how sentences name its fields. */
export interface FormWords {
  codeFields?: CodeFields;
  names?: FieldNames;
}

/** The name a sentence gives the field at `path` (`personas.1.model` falls back to `personas.model`, then `model`). */
function nameOf(path: string, names: FieldNames): string | undefined {
  return names[path] ?? names[path.replace(/\.\d+(?=\.|$)/g, '')] ?? names[path.split('.').at(-1) ?? ''];
}

/** Reads `details.issues` of a `validation_failed` error as a sentence per field (paths without the `json.` target), or a code of `codeFields` as its field's error. */
export function fieldErrorsOf(error: unknown, codeFields: CodeFields = {}, names: FieldNames = {}): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const field = error.code === 'http_error' ? undefined : codeFields[error.code];
  if (field !== undefined) return { [field]: error.message };
  if (error.code !== 'validation_failed') return {};
  const details = error.details;
  if (!details || typeof details !== 'object' || !('issues' in details) || !Array.isArray(details.issues)) return {};
  const fields: Record<string, string> = {};
  for (const issue of details.issues as unknown[]) {
    if (!issue || typeof issue !== 'object' || !('path' in issue) || !('message' in issue)) continue;
    if (typeof issue.path !== 'string' || typeof issue.message !== 'string') continue;
    const path = issue.path.replace(/^json\.?/, '');
    // The first issue of a field is the one to fix first.
    fields[path] ??= issueSentence(issue.message, nameOf(path, names));
  }
  return fields;
}

/** The sentence for one field of a refusal (`path` in the body), if the refusal names it. */
export function issueSentenceOf(error: unknown, path: string, name: string): string | undefined {
  return fieldErrorsOf(error, {}, { [path]: name })[path];
}

/** A sentence for the form's alert: what to do, the wait of a rate limit, or why the server could not be reached. */
export function describeError(error: unknown, names: FieldNames = {}): string {
  if (error instanceof ApiError) {
    if (error.status === 429) {
      const wait = retryAfterOf(error.details);
      return wait === undefined
        ? 'Too many attempts. Wait a moment, then try again.'
        : `Too many attempts. Try again in ${wait} s.`;
    }
    if (error.code === 'validation_failed') {
      const fields = Object.entries(fieldErrorsOf(error, {}, names));
      const [first] = fields;
      if (!first) return 'Something in the form was refused. Check it and try again.';
      return fields.length === 1 && first[0] === '' ? first[1] : 'Please correct the marked fields.';
    }
    return codeSentence(error) ?? error.message;
  }
  if (error instanceof TypeError) return 'Could not reach the server. Check your connection and try again.';
  return error instanceof Error ? error.message : String(error);
}

function retryAfterOf(details: unknown): number | undefined {
  if (!details || typeof details !== 'object' || !('retryAfterSeconds' in details)) return undefined;
  return typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : undefined;
}

/** Creates the submit state of one form. */
export function createFormState(words: FormWords = {}): FormState {
  const [submitting, setSubmitting] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [fieldErrors, setFieldErrors] = createSignal<FieldErrors>({});
  return {
    submitting,
    error,
    fieldErrors,
    fieldError: (path, nested = false) => {
      const errors = fieldErrors();
      if (errors[path] !== undefined || !nested) return errors[path];
      return Object.entries(errors).find(([key]) => key.startsWith(`${path}.`))?.[1];
    },
    clearField: (path) => {
      const errors = fieldErrors();
      const kept = Object.fromEntries(
        Object.entries(errors).filter(([key]) => key !== path && !key.startsWith(`${path}.`)),
      );
      if (Object.keys(kept).length === Object.keys(errors).length) return;
      setFieldErrors(kept);
      if (Object.keys(kept).length === 0) setError(null);
    },
    submit: async (action) => {
      if (submitting()) return;
      setSubmitting(true);
      setError(null);
      setFieldErrors({});
      try {
        await action();
      } catch (caught) {
        setFieldErrors(fieldErrorsOf(caught, words.codeFields, words.names));
        setError(describeError(caught, words.names));
      } finally {
        setSubmitting(false);
      }
    },
  };
}
