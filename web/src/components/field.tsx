/** A labelled form field with the server's error for it, and the alert of a whole form. */
import { Show, type Component, type ParentComponent } from 'solid-js';
import './forms.css';

interface FieldProps {
  /** The id of the control inside, which the label names. */
  for: string;
  label: string;
  /** A hint shown under the control. */
  hint?: string;
  /** The server's error for this field. */
  error?: string;
}

/** The control's `aria-describedby` and `aria-invalid`, pointing at the hint and error a Field renders for it. */
export function describedBy(
  id: string,
  error: string | undefined,
  hint = false,
): { 'aria-describedby'?: string; 'aria-invalid'?: 'true' } {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': error ? 'true' : undefined };
}

/** A label, its control (the children), a hint and the field's error. */
export const Field: ParentComponent<FieldProps> = (props) => (
  <div class="field" classList={{ invalid: Boolean(props.error) }}>
    <label for={props.for}>{props.label}</label>
    {props.children}
    <Show when={props.hint}>
      <small id={`${props.for}-hint`} class="field-hint">
        {props.hint}
      </small>
    </Show>
    <Show when={props.error}>
      <small id={`${props.for}-error`} class="field-error">
        {props.error}
      </small>
    </Show>
  </div>
);

interface TextFieldProps {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  type?: 'text' | 'email' | 'password';
  autocomplete: string;
  /** The browser's own hint of the API's limits. */
  minLength?: number;
  maxLength: number;
  pattern?: string;
  value: string;
  /** Called with the control's value on each input. */
  onValue: (value: string) => void;
}

/** A required one-line text input in its Field, described by its hint and error. */
export const TextField: Component<TextFieldProps> = (props) => (
  <Field for={props.id} label={props.label} hint={props.hint} error={props.error}>
    <input
      id={props.id}
      name={props.name}
      type={props.type ?? 'text'}
      autocomplete={props.autocomplete}
      required
      minLength={props.minLength}
      maxLength={props.maxLength}
      pattern={props.pattern}
      value={props.value}
      onInput={(event) => props.onValue(event.currentTarget.value)}
      {...describedBy(props.id, props.error, Boolean(props.hint))}
    />
  </Field>
);

/** The form's error message, announced as an alert; `class` styles it (default `form-alert`; the room's `room-error`). */
export const FormAlert: ParentComponent<{ message: string | null; class?: string }> = (props) => (
  <Show when={props.message}>
    <p role="alert" class={props.class ?? 'form-alert'}>
      {props.message}
    </p>
  </Show>
);
