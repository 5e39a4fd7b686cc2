/** Sign in with a username or email, then go where `?next=` asks (a path of this site) or to the lobby. */
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show, type Component } from 'solid-js';
import { ACCOUNT_LIMITS } from '../../../worker/src/contract/limits.ts';
import { FormAlert, TextField } from '../components/field.tsx';
import { api, readApiError } from '../lib/api.ts';
import { createFormState } from '../lib/form.ts';
import { safeNext } from '../lib/safe-next.ts';
import { currentUser, setCurrentUser } from '../stores/session.ts';

const Page: Component = () => {
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const form = createFormState({ names: { login: 'your username or email', password: 'your password' } });
  const [login, setLogin] = createSignal('');
  const [password, setPassword] = createSignal('');
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void form.submit(async () => {
      const response = await api.api.auth.login.$post({ json: { login: login(), password: password() } });
      if (response.status !== 200) throw await readApiError(response);
      setCurrentUser((await response.json()).user);
      navigate(safeNext(search.next));
    });
  };
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
          name="login"
          label="Username or email"
          error={form.fieldError('login')}
          autocomplete="username"
          maxLength={ACCOUNT_LIMITS.login.max}
          value={login()}
          onValue={(value) => (setLogin(value), form.clearField('login'))}
        />
        <TextField
          id="sign-in-password"
          name="password"
          label="Password"
          error={form.fieldError('password')}
          type="password"
          autocomplete="current-password"
          maxLength={ACCOUNT_LIMITS.password.max}
          value={password()}
          onValue={(value) => (setPassword(value), form.clearField('password'))}
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
