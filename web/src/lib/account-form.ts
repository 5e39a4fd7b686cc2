/**
 * What the sign-in and sign-up forms share: a text field bound to its value
 * (typing clears the server's error of that field), and the submit that signs
 * in, then goes where `?next=` says (a path of this site) or to the lobby.
 */
import { useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, type Accessor } from 'solid-js';
import { setCurrentUser } from '../stores/session.ts';
import { readApiError, type User } from './api.ts';
import type { FormState } from './form.ts';
import { safeNext } from './safe-next.ts';

/** A field's value, and the props that bind a `TextField` to it: its name, its error, and typing that clears the error. */
export interface BoundField {
  value: Accessor<string>;
  props: {
    readonly name: string;
    readonly error: string | undefined;
    readonly value: string;
    onValue: (value: string) => void;
  };
}

/** A text field of `form` named `name`, empty at first. */
export function createBoundField(form: FormState, name: string): BoundField {
  const [value, setValue] = createSignal('');
  return {
    value,
    props: {
      name,
      get error() {
        return form.fieldError(name);
      },
      get value() {
        return value();
      },
      onValue: (next) => (setValue(next), form.clearField(name)),
    },
  };
}

/** A register or login response: the user once signed in, the API's error otherwise. */
type SignInResponse = Response & ({ ok: true; json(): Promise<{ user: User }> } | { ok: false });

/** The submit handler of an account form: `request` signs in; then the session holds the user and the page moves on. */
export function createSignInSubmit(
  form: FormState,
  request: () => Promise<SignInResponse>,
): (event: SubmitEvent) => void {
  const navigate = useNavigate();
  const [search] = useSearchParams();
  return (event) => {
    event.preventDefault();
    void form.submit(async () => {
      const response = await request();
      if (!response.ok) throw await readApiError(response);
      setCurrentUser((await response.json()).user);
      navigate(safeNext(search.next));
    });
  };
}
