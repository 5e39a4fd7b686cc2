/** Sign up: create an account, which signs you in, then go back where `?next=` says (a path of this site) or to the lobby. */
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, type Component } from 'solid-js';
import { ACCOUNT_LIMITS } from '../../../worker/src/contract/limits.ts';
import { FormAlert, TextField } from '../components/field.tsx';
import { api, readApiError } from '../lib/api.ts';
import { createFormState } from '../lib/form.ts';
import { setCurrentUser } from '../stores/session.ts';
import { safeNext } from '../lib/safe-next.ts';

const USERNAME_HINT = `${ACCOUNT_LIMITS.username.min} to ${ACCOUNT_LIMITS.username.max} letters, digits, _ or -`;
const PASSWORD_HINT = `At least ${ACCOUNT_LIMITS.password.min} characters`;

const Page: Component = () => {
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const form = createFormState({
    codeFields: { username_taken: 'username', email_taken: 'email' },
    names: { username: 'your username', email: 'your email', password: 'your password' },
  });
  const [username, setUsername] = createSignal('');
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void form.submit(async () => {
      const response = await api.api.auth.register.$post({
        json: { username: username(), email: email(), password: password() },
      });
      if (response.status !== 201) throw await readApiError(response);
      setCurrentUser((await response.json()).user);
      navigate(safeNext(search.next));
    });
  };
  return (
    <>
      <h1>Sign up</h1>
      <form class="form narrow" onSubmit={onSubmit}>
        <FormAlert message={form.error()} />
        <TextField
          id="sign-up-username"
          name="username"
          label="Username"
          hint={USERNAME_HINT}
          error={form.fieldError('username')}
          autocomplete="username"
          minLength={ACCOUNT_LIMITS.username.min}
          maxLength={ACCOUNT_LIMITS.username.max}
          pattern="[A-Za-z0-9_\-]+"
          value={username()}
          onValue={(value) => (setUsername(value), form.clearField('username'))}
        />
        <TextField
          id="sign-up-email"
          name="email"
          label="Email"
          error={form.fieldError('email')}
          type="email"
          autocomplete="email"
          maxLength={ACCOUNT_LIMITS.email.max}
          value={email()}
          onValue={(value) => (setEmail(value), form.clearField('email'))}
        />
        <TextField
          id="sign-up-password"
          name="password"
          label="Password"
          hint={PASSWORD_HINT}
          error={form.fieldError('password')}
          type="password"
          autocomplete="new-password"
          minLength={ACCOUNT_LIMITS.password.min}
          maxLength={ACCOUNT_LIMITS.password.max}
          value={password()}
          onValue={(value) => (setPassword(value), form.clearField('password'))}
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
