/** The vote on who speaks next while it is open (candidates, live tally, countdown; "Sign in to vote" for anonymous viewers), then its result while the turn it decided runs. */
import { A } from '@solidjs/router';
import { createSignal, For, onCleanup, Show, type Component } from 'solid-js';
import type { OpenVote, RoomInfo } from '../../../../worker/src/contract/index.ts';
import type { AudienceAction, VoteResult } from '../../stores/audience.ts';
import { displayNameOf } from '../../stores/room.ts';

/** Seconds left until `closesAt`, rounded up, never below 0. */
export function secondsLeft(closesAt: number, now: number): number {
  return Math.max(0, Math.ceil((closesAt - now) / 1000));
}

/** "The audience chose The Comedian (3 of 5 votes)", or what decided when no vote did. */
export function voteResultText(result: VoteResult, room: RoomInfo | null): string {
  const total = Object.values(result.counts).reduce((sum, count) => sum + count, 0);
  if (result.winner && result.decidedBy === 'votes') {
    const won = result.counts[result.winner] ?? 0;
    return `The audience chose ${displayNameOf(room, result.winner)} (${won} of ${total} ${total === 1 ? 'vote' : 'votes'})`;
  }
  return total === 0
    ? 'No votes: the room’s mode chooses who speaks next'
    : 'A tie: the room’s mode chooses who speaks next';
}

/** The vote while it is open, or its result while the turn it decided runs. */
export const VotePanel: Component<{
  vote: OpenVote | null;
  result: VoteResult | null;
  mine: string | null;
  room: RoomInfo | null;
  signedIn: boolean;
  signInPath: string;
  refusal: string | null;
  onVote: (action: AudienceAction) => void;
}> = (props) => {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 500);
  onCleanup(() => clearInterval(timer));
  const persona = (name: string) => props.room?.personas.find((entry) => entry.name === name);
  const total = () => Object.values(props.vote?.counts ?? {}).reduce((sum, count) => sum + count, 0);
  return (
    <Show
      when={props.vote}
      fallback={
        <Show when={props.result}>
          {(result) => (
            <p class="vote-result" role="status">
              {voteResultText(result(), props.room)}
            </p>
          )}
        </Show>
      }
    >
      {(vote) => (
        <section class="vote-panel" aria-labelledby="vote-panel-title">
          <header class="vote-header">
            <h2 id="vote-panel-title">Who speaks next?</h2>
            <span class="vote-countdown">
              {secondsLeft(vote().closesAt, now()) > 0 ? `${secondsLeft(vote().closesAt, now())} s left` : 'Closing…'}
            </span>
            <Show when={!props.signedIn}>
              <span class="vote-sign-in">
                <A href={props.signInPath}>Sign in</A> to vote
              </span>
            </Show>
          </header>
          <ul class="vote-candidates">
            <For each={vote().candidates}>
              {(name) => {
                const count = () => vote().counts[name] ?? 0;
                const share = () => (total() > 0 ? Math.round((count() / total()) * 100) : 0);
                const body = (
                  <>
                    <span class="vote-avatar" aria-hidden="true">
                      {persona(name)?.avatar ?? '🤖'}
                    </span>
                    {/* What it reads as, in one sentence ("Vote for The Comedian, 2 votes"); what shows, hidden from it. */}
                    <span class="visually-hidden">
                      {`${props.signedIn ? 'Vote for ' : ''}${displayNameOf(props.room, name)}, ${count()} ${count() === 1 ? 'vote' : 'votes'}`}
                    </span>
                    <span class="vote-name" aria-hidden="true">
                      {displayNameOf(props.room, name)}
                    </span>
                    <span class="vote-count" aria-hidden="true">
                      {count()}
                    </span>
                    <span class="vote-bar" aria-hidden="true">
                      <span style={{ width: `${share()}%` }} />
                    </span>
                  </>
                );
                return (
                  <li style={{ '--persona-color': persona(name)?.color ?? 'var(--accent)' }}>
                    <Show when={props.signedIn} fallback={<div class="vote-candidate">{body}</div>}>
                      <button
                        type="button"
                        class="vote-candidate"
                        aria-pressed={props.mine === name}
                        onClick={() => props.onVote({ type: 'vote', voteId: vote().voteId, persona: name })}
                      >
                        {body}
                      </button>
                    </Show>
                  </li>
                );
              }}
            </For>
          </ul>
          <Show when={props.refusal}>
            {(words) => (
              <p class="audience-error" role="alert">
                {words()}
              </p>
            )}
          </Show>
        </section>
      )}
    </Show>
  );
};
