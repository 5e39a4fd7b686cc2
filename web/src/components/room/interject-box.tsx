/** A signed-in viewer's words to the personas: a textarea and Send, posting the interjection; refusals (429 included) shown as alerts. */
import { createSignal, type Component } from 'solid-js';
import { INTERJECTION_LIMITS } from '../../../../worker/src/contract/limits.ts';
import { api, readApiError } from '../../lib/api.ts';
import { describeError, issueSentenceOf } from '../../lib/form.ts';
import { FormAlert } from '../field.tsx';

/** The most characters an interjection may have (the API's limit). */
const MAX_LENGTH = INTERJECTION_LIMITS.text.max;

/** The interjection form. */
export const InterjectBox: Component<{ conversationId: string }> = (props) => {
  const [text, setText] = createSignal('');
  const [sending, setSending] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const words = text().trim();
    if (!words) {
      setError('Write something to say first.');
      return;
    }
    setSending(true);
    setError(null);
    try {
      const response = await api.api.conversations[':id'].interject.$post({
        param: { id: props.conversationId },
        json: { text: words },
      });
      if (response.status !== 202) {
        const refused = await readApiError(response);
        const retry = response.headers.get('retry-after');
        setError(
          refused.status === 429 && retry
            ? `That is a lot at once. Try again in ${retry} s.`
            : (issueSentenceOf(refused, 'text', 'your interjection') ?? describeError(refused)),
        );
        return;
      }
      setText('');
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setSending(false);
    }
  };
  return (
    <form class="room-interject" onSubmit={submit}>
      <label for="room-interject-text" class="visually-hidden">
        Interject
      </label>
      <div class="room-interject-row">
        <textarea
          id="room-interject-text"
          rows="1"
          maxLength={MAX_LENGTH}
          value={text()}
          onInput={(event) => (setText(event.currentTarget.value), setError(null))}
          onKeyDown={(event) => {
            // Enter sends, Shift+Enter adds a line, as in chat apps.
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
          placeholder="Message the personas…"
          enterkeyhint="send"
        />
        <button type="submit" class="primary" disabled={sending()}>
          Send
        </button>
      </div>
      <FormAlert class="room-error" message={error()} />
    </form>
  );
};
