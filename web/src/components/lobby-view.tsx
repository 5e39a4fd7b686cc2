/**
 * The lobby: rooms live now (their cast, who is speaking, how many watch, and
 * the line being said, through `preview`) above recent ones, each a link to its
 * room; the first live room is featured. It refreshes every few seconds while
 * the tab is visible, and keeps showing the last good page when a refresh fails.
 */
import { A } from '@solidjs/router';
import { createSignal, For, Match, onCleanup, onMount, Show, Switch, type Component } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { splitLobby, type LobbyPage, type LobbyRoom } from '../lib/lobby.ts';
import './lobby-view.css';

/** How often the lobby asks again while visible. */
export const LOBBY_REFRESH_MS = 5000;

const STATUS_TEXT: Record<LobbyRoom['status'], string> = {
  idle: 'Not started',
  running: 'Running',
  paused: 'Paused',
  stopped: 'Ended',
};

/** What the lobby reads its rooms with, and how often. */
export interface LobbyViewProps {
  /** Reads the lobby (fetchLobby in the app). */
  load: () => Promise<LobbyPage>;
  /** Milliseconds between refreshes; default LOBBY_REFRESH_MS. */
  refreshMs?: number;
  /** Shows a running room's current line (components/live-preview.tsx in the app); none when absent. */
  preview?: Component<{ conversationId: string }>;
}

/** How many live rooms show their current line (each is a socket). */
const PREVIEWS = 3;

/** The lobby page's content under its h1. */
export const LobbyView: Component<LobbyViewProps> = (props) => {
  const [page, setPage] = createSignal<LobbyPage | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  let loading = false;

  const refresh = async () => {
    if (loading) return;
    loading = true;
    try {
      setPage(await props.load());
      setError(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      loading = false;
    }
  };

  onMount(() => {
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, props.refreshMs ?? LOBBY_REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    onCleanup(() => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    });
  });

  const rooms = () => splitLobby(page()?.conversations ?? []);

  return (
    <Switch>
      <Match when={page() === null && error() !== null}>
        <div role="alert" class="lobby-error">
          <p>Could not load the lobby: {error()}</p>
          <button type="button" onClick={() => void refresh()}>
            Try again
          </button>
        </div>
      </Match>
      <Match when={page() === null}>
        <p aria-busy="true">Loading rooms…</p>
      </Match>
      <Match when={page() !== null}>
        <Show when={error()}>
          <p role="status" class="lobby-stale">
            Could not refresh the lobby ({error()}); showing what it last said.
          </p>
        </Show>
        <section class="lobby-section" aria-labelledby="lobby-live">
          <h2 id="lobby-live">Live now</h2>
          <Show
            when={rooms().live.length > 0}
            fallback={
              <p class="lobby-empty">
                No room is live right now. <A href="/rooms/new">Start one</A>.
              </p>
            }
          >
            <ul class="lobby-grid lobby-grid-live">
              <For each={rooms().live}>
                {(room, index) => (
                  <li classList={{ 'lobby-featured': index() === 0 }}>
                    <RoomCard
                      room={room}
                      preview={
                        index() < PREVIEWS && (room.demo || room.live?.idlePaused === false) ? props.preview : undefined
                      }
                    />
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
        <section class="lobby-section" aria-labelledby="lobby-recent">
          <h2 id="lobby-recent">Recent</h2>
          <Show when={rooms().recent.length > 0} fallback={<p class="lobby-empty">No other rooms yet.</p>}>
            <ul class="lobby-grid">
              <For each={rooms().recent}>
                {(room) => (
                  <li>
                    <RoomCard room={room} />
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      </Match>
    </Switch>
  );
};

/** One room: its title (the link), its cast, what is happening in it, and for a live one its current line. */
const RoomCard: Component<{ room: LobbyRoom; preview?: Component<{ conversationId: string }> }> = (props) => (
  <article
    class="lobby-card"
    classList={{ 'lobby-card-live': props.room.live !== null }}
    aria-label={`Room: ${props.room.title}`}
  >
    <h3 class="lobby-card-title">
      <A href={`/rooms/${props.room.id}`}>{props.room.title}</A>
      <Show when={props.room.demo}>
        <span class="lobby-badge" title="The built-in demo room: free, no keys">
          demo
        </span>
      </Show>
    </h3>
    <ul class="lobby-personas" aria-label="Cast">
      <For each={props.room.personas}>
        {(persona) => (
          <li
            classList={{ 'lobby-speaking': props.room.live?.speaking?.name === persona.name }}
            style={{ '--persona-color': persona.color }}
          >
            <span class="lobby-avatar" style={{ 'border-color': persona.color }} aria-hidden="true">
              {persona.avatar}
            </span>
            <span class="lobby-persona-name">{persona.displayName}</span>
          </li>
        )}
      </For>
    </ul>
    <Show when={props.room.live && props.preview}>
      <Dynamic component={props.preview} conversationId={props.room.id} />
    </Show>
    <Show
      when={props.room.live}
      fallback={
        <p class="lobby-meta">
          <span class={`lobby-status lobby-status-${props.room.status}`}>{STATUS_TEXT[props.room.status]}</span>
          <span>{new Date(props.room.createdAt).toLocaleDateString()}</span>
        </p>
      }
    >
      {(live) => (
        <p class="lobby-meta">
          <Show
            when={live().speaking}
            fallback={
              <span class="lobby-between">
                {live().idlePaused ? 'Resumes when you open it' : 'Up next in a moment…'}
              </span>
            }
          >
            {(speaking) => <span class="lobby-now">{speaking().displayName} is speaking</span>}
          </Show>
          <Show when={live().viewers > 0}>
            <span>{live().viewers} watching</span>
          </Show>
          {/* The whole card is the title's link; this only says so. */}
          <span class="lobby-watch" aria-hidden="true">
            Watch live →
          </span>
        </p>
      )}
    </Show>
  </article>
);
