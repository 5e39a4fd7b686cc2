/** Sign up: create an account, which signs you in, then go back where `?next=` says (a path of this site) or to the lobby. */
import { A } from '@solidjs/router';
import type { Component } from 'solid-js';
import { ACCOUNT_LIMITS } from '../../../worker/src/contract/limits.ts';
import { FormAlert, TextField } from '../components/field.tsx';
import { createBoundField, createSignInSubmit } from '../lib/account-form.ts';
import { api } from '../lib/api.ts';
import { createFormState } from '../lib/form.ts';

const USERNAME_HINT = `${ACCOUNT_LIMITS.username.min} to ${ACCOUNT_LIMITS.username.max} letters, digits, _ or -`;
const PASSWORD_HINT = `At least ${ACCOUNT_LIMITS.password.min} characters`;

const Page: Component = () => {
  const form = createFormState({
    codeFields: { username_taken: 'username', email_taken: 'email' },
    names: { username: 'your username', email: 'your email', password: 'your password' },
  });
  const username = createBoundField(form, 'username');
  const email = createBoundField(form, 'email');
  const password = createBoundField(form, 'password');
  const onSubmit = createSignInSubmit(form, () =>
    api.api.auth.register.$post({
      json: { username: username.value(), email: email.value(), password: password.value() },
    }),
  );
  return (
    <>
      <h1>Sign up</h1>
      <form class="form narrow" onSubmit={onSubmit}>
        <FormAlert message={form.error()} />
        <TextField
          id="sign-up-username"
          {...username.props}
          label="Username"
          hint={USERNAME_HINT}
          autocomplete="username"
          minLength={ACCOUNT_LIMITS.username.min}
          maxLength={ACCOUNT_LIMITS.username.max}
          pattern="[A-Za-z0-9_\-]+"
        />
        <TextField
          id="sign-up-email"
          {...email.props}
          label="Email"
          type="email"
          autocomplete="email"
          maxLength={ACCOUNT_LIMITS.email.max}
        />
        <TextField
          id="sign-up-password"
          {...password.props}
          label="Password"
          hint={PASSWORD_HINT}
          type="password"
          autocomplete="new-password"
          minLength={ACCOUNT_LIMITS.password.min}
          maxLength={ACCOUNT_LIMITS.password.max}
        />
        <button type="submit" class="button-primary" disabled={form.submitting()}>
          Sign up
        </button>
      </form>
      <p>
        Already have an account? <A href="/sign-in">Sign in</A>
      </p>
    </>
  );
};

export default Page;
