import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { createFormState, describeError, fieldErrorsOf } from './form.ts';

const invalid = new ApiError(400, 'validation_failed', 'Invalid json: json.personas.1.model must be a model id', {
  issues: [
    { path: 'json.personas.1.model', message: 'must be a model id' },
    { path: 'json.personas.1.model', message: 'a second complaint' },
    { path: 'json', message: 'Unrecognized key: "extra"' },
    { path: 42, message: 'not a path' },
  ],
});

describe('fieldErrorsOf', () => {
  it('keys each issue by its body path without the json target, first issue per field', () => {
    expect(fieldErrorsOf(invalid)).toEqual({
      'personas.1.model': 'This must be a model id.',
      '': 'Unrecognized key: "extra".',
    });
    expect(fieldErrorsOf(invalid, {}, { model: 'the model' })['personas.1.model']).toBe(
      'The model must be a model id.',
    );
  });

  it('puts a field-specific code beside its field', () => {
    expect(
      fieldErrorsOf(new ApiError(409, 'username_taken', 'The username "ada" is taken.'), {
        username_taken: 'username',
      }),
    ).toEqual({
      username: 'The username "ada" is taken.',
    });
  });

  it('finds no field in other errors or malformed details', () => {
    expect(fieldErrorsOf(new ApiError(401, 'invalid_credentials', 'Wrong username, email or password.'))).toEqual({});
    expect(fieldErrorsOf(new ApiError(400, 'validation_failed', 'Invalid', { issues: 'nope' }))).toEqual({});
    expect(fieldErrorsOf(new TypeError('Failed to fetch'))).toEqual({});
  });
});

describe('describeError', () => {
  it('words each kind of failure for the form’s alert', () => {
    expect(describeError(invalid)).toBe('Please correct the marked fields.');
    expect(describeError(new ApiError(429, 'rate_limited', 'Slow down.', { retryAfterSeconds: 30 }))).toBe(
      'Too many attempts. Try again in 30 s.',
    );
    expect(describeError(new ApiError(429, 'rate_limited', 'Slow down.'))).toBe(
      'Too many attempts. Wait a moment, then try again.',
    );
    expect(describeError(new TypeError('Failed to fetch'))).toBe(
      'Could not reach the server. Check your connection and try again.',
    );
    expect(describeError(new ApiError(403, 'csrf_rejected', 'Origin https://x is not allowed'))).toBe(
      'This page is out of date. Reload it and try again.',
    );
    expect(describeError(new ApiError(500, 'internal_error', 'TypeError: x is undefined'))).toBe(
      'Something went wrong on our side (HTTP 500). Try again in a moment.',
    );
    expect(describeError(new ApiError(401, 'invalid_credentials', 'Wrong username, email or password.'))).toBe(
      'Wrong username, email or password.',
    );
  });
});

describe('createFormState', () => {
  it('submits once at a time, records what was refused, and clears it on the next submit', async () => {
    await createRoot(async (dispose) => {
      const form = createFormState();
      let release!: () => void;
      let runs = 0;
      const first = form.submit(async () => {
        runs += 1;
        await new Promise<void>((resolve) => (release = resolve));
        throw invalid;
      });
      expect(form.submitting()).toBe(true);
      await form.submit(async () => {
        runs += 1;
      });
      expect(runs).toBe(1);
      release();
      await first;
      expect(form.submitting()).toBe(false);
      expect(form.fieldError('personas.1.model')).toBe('This must be a model id.');
      expect(form.fieldError('personas')).toBeUndefined();
      expect(form.fieldError('personas', true)).toBe('This must be a model id.');
      await form.submit(async () => undefined);
      expect(form.error()).toBeNull();
      expect(form.fieldErrors()).toEqual({});
      dispose();
    });
  });
});
