/** The live room: the conversation as it streams, who is typing and watching, the owner's controls, interjections, sharing and export. */
import { A, useParams } from '@solidjs/router';
import type { InferResponseType } from 'hono/client';
import { createEffect, createResource, createSignal, Match, onCleanup, Show, Switch, type Component } from 'solid-js';
import { MessageList } from '../components/room/message-list.tsx';
import { RoomStatus, statusText } from '../components/room/room-status.tsx';
import { announcementText, StageActivity } from '../components/room/stage-activity.tsx';
import { CastStrip } from '../components/room/cast-strip.tsx';
import type { CastMember } from '../components/room/persona-profile.tsx';
import { api, ApiError, readApiError } from '../lib/api.ts';
import type { RoomSocketOptions } from '../lib/room-socket.ts';
import { loadMarkdown } from '../lib/markdown-loader.ts';
import { AudienceContext } from '../components/room/audience-context.ts';
import type { AudienceRoom } from '../stores/audience-actions.ts';
import { createRoomSession } from '../stores/room-session.ts';
import { displayNameOf, runningCost } from '../stores/room.ts';
import { currentUser } from '../stores/session.ts';
import './room.css';
import { FormAlert } from '../components/field.tsx';
import { lazyPart } from '../lib/lazy-chunk.ts';

// Owners' controls, the Share menu and the signed-in viewer's composer follow the page as chunks of their own,
// so what every visitor loads first stays small (README, "First-load size").
const InterjectBox = lazyPart(() =>
  import('../components/room/interject-box.tsx').then((module) => ({ default: module.InterjectBox })),
);
const OwnerControls = lazyPart(() =>
  import('../components/room/owner-controls.tsx').then((module) => ({ default: module.OwnerControls })),
);
const ShareExport = lazyPart(() =>
  import('../components/room/share-export.tsx').then((module) => ({ default: module.ShareExport })),
);
// The audience's panels (the vote, suggestions, the pick's line) too, one chunk.
const audiencePanels = () => import('../components/room/audience-panels.tsx');
const AudienceVote = lazyPart(() => audiencePanels().then((module) => ({ default: module.AudienceVote })));
const AudienceLine = lazyPart(() => audiencePanels().then((module) => ({ default: module.AudienceLine })));

/** A conversation as `GET /api/conversations/:id` answers it. */
export type ConversationDetail = InferResponseType<(typeof api.api.conversations)[':id']['$get'], 200>;

async function fetchConversation(id: string): Promise<ConversationDetail> {
  const response = await api.api.conversations[':id'].$get({ param: { id } });
  if (response.status !== 200) throw await readApiError(response);
  return response.json();
}

/** What to say when the conversation cannot be read. */
export function loadErrorText(error: unknown): string {
  // A malformed id (400) is as absent as an unknown or private one (404).
  if (error instanceof ApiError && (error.status === 404 || error.status === 400))
    return 'This room does not exist or is private';
  if (error instanceof ApiError && error.status === 429) return `Too many requests: ${error.message}`;
  return `Could not load this room: ${error instanceof Error ? error.message : String(error)}`;
}

/** The signed-in account once the session is read (never suspends the page while it is read). */
function signedInUser() {
  return currentUser.state === 'ready' || currentUser.state === 'refreshing' ? (currentUser.latest ?? null) : null;
}

/** The room of one conversation, once its REST record is in. */
export const LiveRoom: Component<{ conversation: ConversationDetail; socketOptions?: Partial<RoomSocketOptions> }> = (
  props,
) => {
  // The socket options are read once: they are a seam for tests (a fake WebSocket and clock), not live settings.
  const session = createRoomSession(props.conversation.id, props.socketOptions);
  onCleanup(() => session.close());
  const view = session.view;
  const isOwner = () => {
    const user = signedInUser();
    return user !== null && user.id === props.conversation.owner?.id;
  };
  const status = () => view().state?.status ?? props.conversation.status;
  // The room's errors (a provider outage, a refused frame) stay until the viewer dismisses them or a newer one comes.
  const [dismissed, setDismissed] = createSignal(0);
  const lastError = () => {
    const error = view().errors.at(-1);
    return error && error.id > dismissed() ? error : undefined;
  };
  const [historyError, setHistoryError] = createSignal<string | null>(null);
  const loadEarlier = () => {
    setHistoryError(null);
    session
      .loadEarlier()
      .catch((error: unknown) =>
        setHistoryError(`Could not load earlier messages: ${error instanceof Error ? error.message : String(error)}`),
      );
  };
  createEffect(() => {
    const title = view().room?.title ?? props.conversation.title;
    document.title = `${title} · Chimera`;
  });
  onCleanup(() => (document.title = 'Chimera'));

  const exportTranscript = async (format: 'markdown' | 'json') => {
    // The transcript's writers follow on the first export: most visitors never export.
    const [{ downloadText, fileNameFor, transcriptJson, transcriptMarkdown }, messages] = await Promise.all([
      import('../lib/room-export.ts'),
      session.allMessages(),
    ]);
    const { id, title, topic } = props.conversation;
    const header = { id, title, topic, room: view().room, exportedAt: new Date().toISOString() };
    if (format === 'markdown')
      downloadText(fileNameFor(title, 'md'), transcriptMarkdown(header, messages), 'text/markdown;charset=utf-8');
    else downloadText(fileNameFor(title, 'json'), transcriptJson(header, messages), 'application/json');
    return messages.length;
  };

  // The conversation's personas carry their style and traits; the room's, their current voice.
  const cast = (): CastMember[] =>
    (view().room?.personas ?? props.conversation.personas).map((persona) => {
      const listed = props.conversation.personas.find((entry) => entry.name === persona.name);
      return { ...listed, ...persona, style: listed?.style, traits: listed?.traits, temperature: listed?.temperature };
    });
  const title = () => view().room?.title ?? props.conversation.title;
  const signInPath = () => `/sign-in?next=${encodeURIComponent(`/rooms/${props.conversation.id}`)}`;

  const audience: AudienceRoom = {
    view: () => view().audience,
    transmit: session.transmit,
    update: session.updateAudience,
    signedIn: () => signedInUser() !== null,
  };

  return (
    <section class="room-page" aria-labelledby="room-title">
      <header class="stage-header">
        <h1 id="room-title" class="stage-title" title={title()}>
          {title()}
        </h1>
        <RoomStatus
          connection={session.connection()}
          viewers={view().viewers}
          costUsd={runningCost(view())}
          state={view().state ?? props.conversation.state}
          maxTurns={view().room?.maxTurns ?? props.conversation.maxTurns}
        />
        <div class="stage-actions">
          <Show when={isOwner()}>
            <OwnerControls
              conversationId={props.conversation.id}
              status={status()}
              onState={session.setState}
              audience={{
                voteNext: view().room?.voteNext ?? props.conversation.voteNext,
                suggestionEvery: view().room?.suggestionEvery ?? props.conversation.suggestionEvery,
              }}
            />
          </Show>
          <ShareExport topic={view().room?.topic ?? props.conversation.topic} onExport={exportTranscript} />
        </div>
      </header>
      <CastStrip
        cast={cast()}
        typing={view().typing?.persona ?? null}
        speaking={view().streaming?.persona ?? null}
        messages={view().messages}
      />
      <Show when={lastError()}>
        {(error) => (
          <div class="room-alert">
            <p role="alert" class="room-error">
              {error().message}
            </p>
            <button type="button" onClick={() => setDismissed(view().errors.at(-1)?.id ?? 0)}>
              Dismiss
            </button>
          </div>
        )}
      </Show>
      <FormAlert class="room-error" message={historyError()} />
      <AudienceContext.Provider value={audience}>
        <MessageList
          messages={view().messages}
          streaming={view().streaming}
          room={view().room}
          fallbackNotices={view().fallbackNotices}
          hasEarlier={view().hasEarlier}
          onLoadEarlier={loadEarlier}
        />
      </AudienceContext.Provider>
      <div class="stage-footer">
        <AudienceVote
          audience={audience}
          room={view().room}
          username={signedInUser()?.username ?? null}
          signInPath={signInPath()}
        />
        <div class="stage-activity-row">
          <StageActivity
            typing={view().typing?.displayName ?? null}
            speaking={view().streaming ? displayNameOf(view().room, view().streaming!.persona) : null}
            status={statusText(view().state ?? props.conversation.state)}
            running={status() === 'running'}
            announcement={announcementText(view().upNext)}
          />
          <AudienceLine
            audience={audience}
            room={view().room}
            username={signedInUser()?.username ?? null}
            signInPath={signInPath()}
          />
        </div>
        <Show
          when={signedInUser()}
          fallback={
            <p class="room-sign-in">
              <A href={signInPath()}>Sign in</A> to interject.
            </p>
          }
        >
          <InterjectBox conversationId={props.conversation.id} />
        </Show>
      </div>
    </section>
  );
};

/** `/rooms/:id`. */
const Page: Component = () => {
  const params = useParams();
  // Fetched alongside the conversation and its snapshot, so messages rarely show as plain text first.
  void loadMarkdown();
  const [conversation] = createResource(() => params.id, fetchConversation);
  return (
    <Switch
      fallback={
        <p class="room-loading" aria-busy="true">
          Loading the room…
        </p>
      }
    >
      <Match when={conversation.error}>
        <section class="room-missing">
          <h1>Room</h1>
          <p role="alert" class="room-error">
            {loadErrorText(conversation.error)}
          </p>
          <A href="/">Back to the lobby</A>
        </section>
      </Match>
      <Match when={conversation.state === 'ready' && conversation()}>
        {(detail) => (
          <Show when={detail()} keyed>
            {(ready) => <LiveRoom conversation={ready} />}
          </Show>
        )}
      </Match>
    </Switch>
  );
};

export default Page;
