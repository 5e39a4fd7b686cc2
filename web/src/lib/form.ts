/**
 * One place for a form's submit state and for turning what the server refused
 * into words: the API's `validation_failed` issues become per-field errors,
 * every other error one message for the form's alert.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { ErrorCode } from '../../../worker/src/contract/errors.ts';
import { ApiError } from './api.ts';

/** Field errors keyed by the field's path in the request body, e.g. `title` or `personas.1.model`. */
export type FieldErrors = Readonly<Record<string, string>>;

/** A form's submit state: whether a submit is under way, the form's error message and each field's. */
export interface FormState {
  submitting: Accessor<boolean>;
  error: Accessor<string | null>;
  fieldErrors: Accessor<FieldErrors>;
  /** The error of one field, if the server named it; `nested` also takes an error of a part of it (`traits.2` for `traits`). */
  fieldError: (path: string, nested?: boolean) => string | undefined;
  /** Runs `action` once at a time; whatever it throws becomes the form's errors. */
  submit: (action: () => Promise<void>) => Promise<void>;
}

/** Error codes that are about one field, e.g. `{ username_taken: 'username' }`: their message goes beside that field. */
export type CodeFields = Readonly<Partial<Record<ErrorCode, string>>>;

/** Reads `details.issues` of a `validation_failed` error as errors per field (paths without the `json.` target), or a code of `codeFields` as its field's error. */
export function fieldErrorsOf(error: unknown, codeFields: CodeFields = {}): FieldErrors {
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
    fields[path] ??= issue.message;
  }
  return fields;
}

/** A sentence for the form's alert: the server's message, with the wait of a rate limit, or why the server could not be reached. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) {
      const wait = retryAfterOf(error.details);
      return wait === undefined ? `Too many attempts: ${error.message}` : `Too many attempts. Try again in ${wait} s.`;
    }
    if (error.code === 'validation_failed' && Object.keys(fieldErrorsOf(error)).length > 0) return `Please correct the marked fields. ${error.message}`;
    return error.message;
  }
  if (error instanceof TypeError) return `Could not reach the server: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function retryAfterOf(details: unknown): number | undefined {
  if (!details || typeof details !== 'object' || !('retryAfterSeconds' in details)) return undefined;
  return typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : undefined;
}

/** Creates the submit state of one form; `codeFields` names the field of field-specific error codes. */
export function createFormState(codeFields: CodeFields = {}): FormState {
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
    submit: async (action) => {
      if (submitting()) return;
      setSubmitting(true);
      setError(null);
      setFieldErrors({});
      try {
        await action();
      } catch (caught) {
        setFieldErrors(fieldErrorsOf(caught, codeFields));
        setError(describeError(caught));
      } finally {
        setSubmitting(false);
      }
    },
  };
}
