/** The owner's Start / Pause / Resume / Stop buttons: each posts the control and reports the room's answer or its refusal; while the room does not run, its audience settings too. */
import { createSignal, For, Show, type Component } from 'solid-js';
import type { RoomState, RoomStatus } from '../../../../worker/src/contract/index.ts';
import { api, readApiError } from '../../lib/api.ts';
import { describeError } from '../../lib/form.ts';
import { FormAlert } from '../field.tsx';
import { AudienceSettingsMenu, type AudienceSettings } from './audience-settings.tsx';

type Control = 'start' | 'pause' | 'resume' | 'stop';

/** Posts one control of a conversation's room; resolves to its new state, throws ApiError when refused. */
export async function postControl(conversationId: string, control: Control): Promise<RoomState> {
  const routes = api.api.conversations[':id'];
  const param = { param: { id: conversationId } };
  const response = await (control === 'start'
    ? routes.start.$post(param)
    : control === 'pause'
      ? routes.pause.$post(param)
      : control === 'resume'
        ? routes.resume.$post(param)
        : routes.stop.$post(param));
  if (response.status !== 200) throw await readApiError(response);
  return response.json();
}

/** The controls a room in `status` offers. */
export function controlsFor(status: RoomStatus): Control[] {
  switch (status) {
    case 'idle':
      return ['start', 'stop'];
    case 'running':
      return ['pause', 'stop'];
    case 'paused':
      return ['resume', 'stop'];
    case 'stopped':
      return ['start'];
  }
}

const LABELS: Record<Control, string> = { start: 'Start', pause: 'Pause', resume: 'Resume', stop: 'Stop' };

/** The buttons, for the conversation's owner only. */
export const OwnerControls: Component<{
  conversationId: string;
  status: RoomStatus;
  onState: (state: RoomState) => void;
  audience: AudienceSettings;
}> = (props) => {
  const [pending, setPending] = createSignal<Control | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const run = async (control: Control) => {
    setPending(control);
    setError(null);
    try {
      props.onState(await postControl(props.conversationId, control));
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setPending(null);
    }
  };
  return (
    <div class="room-controls" role="group" aria-label="Room controls">
      <For each={controlsFor(props.status)}>
        {(control) => (
          <button
            type="button"
            class={control === 'stop' ? 'danger' : 'primary'}
            disabled={pending() !== null}
            onClick={() => run(control)}
          >
            {LABELS[control]}
          </button>
        )}
      </For>
      <Show when={props.status !== 'running'}>
        <AudienceSettingsMenu conversationId={props.conversationId} settings={props.audience} />
      </Show>
      <FormAlert class="room-error" message={error()} />
    </div>
  );
};
