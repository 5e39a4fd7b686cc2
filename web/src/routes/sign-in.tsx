/** Sign in with a username or email, then go where `?next=` asks (a path of this site) or to the lobby. */
import { A, useSearchParams } from '@solidjs/router';
import { Show, type Component } from 'solid-js';
import { ACCOUNT_LIMITS } from '../../../worker/src/contract/limits.ts';
import { FormAlert, TextField } from '../components/field.tsx';
import { createBoundField, createSignInSubmit } from '../lib/account-form.ts';
import { api } from '../lib/api.ts';
import { createFormState } from '../lib/form.ts';
import { safeNext } from '../lib/safe-next.ts';
import { currentUser } from '../stores/session.ts';

const Page: Component = () => {
  const [search] = useSearchParams();
  const form = createFormState({ names: { login: 'your username or email', password: 'your password' } });
  const login = createBoundField(form, 'login');
  const password = createBoundField(form, 'password');
  const onSubmit = createSignInSubmit(form, () =>
    api.api.auth.login.$post({ json: { login: login.value(), password: password.value() } }),
  );
  return (
    <>
      <h1>Sign in</h1>
      <Show when={currentUser()}>
        {(user) => <p>You are signed in as {user().username}; signing in again switches accounts.</p>}
      </Show>
      <form class="form narrow" onSubmit={onSubmit}>
        <FormAlert message={form.error()} />
        <TextField
          id="sign-in-login"
          {...login.props}
          label="Username or email"
          autocomplete="username"
          maxLength={ACCOUNT_LIMITS.login.max}
        />
        <TextField
          id="sign-in-password"
          {...password.props}
          label="Password"
          type="password"
          autocomplete="current-password"
          maxLength={ACCOUNT_LIMITS.password.max}
        />
        <button type="submit" class="button-primary" disabled={form.submitting()}>
          Sign in
        </button>
      </form>
      <p>
        New here?{' '}
        <A href={search.next ? `/sign-up?next=${encodeURIComponent(safeNext(search.next))}` : '/sign-up'}>Sign up</A>
      </p>
    </>
  );
};

export default Page;
