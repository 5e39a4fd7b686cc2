/**
 * The owner's "Audience" menu: whether the audience votes on who speaks next,
 * and every how many turns an audience suggestion becomes the Moderator's
 * nudge, changed with `PATCH /api/conversations/:id/audience` while the room
 * is idle, paused or stopped (the room refuses while it runs: said in words).
 */
import { createSignal, Show, type Component } from 'solid-js';
import { AUDIENCE_LIMITS } from '../../../../worker/src/contract/index.ts';
import { api, ApiError, readApiError } from '../../lib/api.ts';
import { describeError } from '../../lib/form.ts';
import { FormAlert } from '../field.tsx';

/** The audience's settings of a room. */
export interface AudienceSettings {
  voteNext: boolean;
  suggestionEvery: number;
}

/** Saves the settings; resolves to what the conversation now has, throws ApiError when refused. */
export async function saveAudienceSettings(
  conversationId: string,
  settings: AudienceSettings,
): Promise<AudienceSettings> {
  const response = await api.api.conversations[':id'].audience.$patch({
    param: { id: conversationId },
    json: settings,
  });
  if (response.status !== 200) throw await readApiError(response);
  const { voteNext, suggestionEvery } = await response.json();
  return { voteNext, suggestionEvery };
}

/** What to say when the settings were refused. */
export function audienceSettingsError(error: unknown): string {
  if (error instanceof ApiError && error.status === 409)
    return 'The room is running: pause or stop it to change the audience settings.';
  return describeError(error);
}

/** The menu, for the conversation's owner while the room is not running. */
export const AudienceSettingsMenu: Component<{ conversationId: string; settings: AudienceSettings }> = (props) => {
  const { min, max } = AUDIENCE_LIMITS.suggestionEvery;
  const [voteNext, setVoteNext] = createSignal(props.settings.voteNext);
  const [every, setEvery] = createSignal(String(props.settings.suggestionEvery));
  const [saving, setSaving] = createSignal(false);
  const [saved, setSaved] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const suggestionEvery = Number(every());
    if (!Number.isInteger(suggestionEvery) || suggestionEvery < min || suggestionEvery > max) {
      setError(`Take a suggestion every ${min} to ${max} turns (0: never).`);
      return;
    }
    setSaving(true);
    setError(null);
    setSaved('');
    try {
      const now = await saveAudienceSettings(props.conversationId, { voteNext: voteNext(), suggestionEvery });
      setVoteNext(now.voteNext);
      setEvery(String(now.suggestionEvery));
      setSaved('Saved: the room takes them from its next turn.');
    } catch (caught) {
      setError(audienceSettingsError(caught));
    } finally {
      setSaving(false);
    }
  };
  return (
    <details class="room-more">
      <summary>Audience</summary>
      <form class="room-more-panel audience-settings" aria-label="Audience settings" onSubmit={save}>
        <label class="check">
          <input
            type="checkbox"
            checked={voteNext()}
            onChange={(event) => (setVoteNext(event.currentTarget.checked), setSaved(''))}
          />
          The audience picks who speaks next
        </label>
        <label for="audience-suggestion-every">Take an audience suggestion every N turns (0: never)</label>
        <input
          id="audience-suggestion-every"
          type="number"
          min={min}
          max={max}
          step={1}
          required
          value={every()}
          onInput={(event) => (setEvery(event.currentTarget.value), setSaved(''))}
        />
        <button type="submit" class="primary" disabled={saving()}>
          Save
        </button>
        <Show when={saved()}>
          <p class="room-feedback" role="status">
            {saved()}
          </p>
        </Show>
        <FormAlert class="room-error" message={error()} />
      </form>
    </details>
  );
};
