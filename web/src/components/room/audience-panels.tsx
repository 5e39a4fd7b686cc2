/**
 * The audience's panels on the stage, a chunk of their own (the room page
 * loads it when a vote, a suggestion or a pick first shows): the vote on who
 * speaks next with its live tally and countdown, the topic suggestions with
 * their upvotes and the box to add one, and the line that says a round's best
 * message may be picked. Votes, suggestions, upvotes and picks are for
 * signed-in viewers; others see the same panels with "Sign in to …".
 */
import { A } from '@solidjs/router';
import { createSignal, For, onCleanup, Show, type Component } from 'solid-js';
import {
  AUDIENCE_LIMITS,
  type OpenPick,
  type OpenVote,
  type RoomInfo,
  type Suggestion,
} from '../../../../worker/src/contract/index.ts';
import type { AudienceAction, VoteResult } from '../../stores/audience.ts';
import { mineOf, refusalOf, sendAudience, type AudienceRoom } from '../../stores/audience-actions.ts';
import { displayNameOf } from '../../stores/room.ts';
import './audience-panels.css';

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

/** The open suggestions and, signed in, the box to add one. */
export const SuggestionsPanel: Component<{
  items: readonly Suggestion[];
  upvoted: readonly string[];
  username: string | null;
  signInPath: string;
  refusal: { kind: 'suggest' | 'upvote'; words: string; text?: string } | null;
  onSend: (action: AudienceAction) => void;
  /** Escape pressed inside. */
  onClose?: () => void;
}> = (props) => {
  const { min, max } = AUDIENCE_LIMITS.suggestion;
  const [text, setText] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const words = text().trim();
    if (words.length < min) {
      setProblem(`A suggestion is at least ${min} characters.`);
      return;
    }
    setProblem(null);
    props.onSend({ type: 'suggest', text: words });
    setText('');
  };
  const error = () => problem() ?? (props.refusal?.kind === 'suggest' ? props.refusal.words : null);
  return (
    <section
      id="suggestions-panel"
      class="suggestions"
      aria-labelledby="suggestions-title"
      onKeyDown={(event) => event.key === 'Escape' && props.onClose?.()}
    >
      <h2 id="suggestions-title">Suggestions</h2>
      <Show when={props.items.length > 0} fallback={<p class="suggestions-empty">No suggestions yet.</p>}>
        <ol class="suggestion-list">
          <For each={props.items}>
            {(item) => (
              <li class="suggestion">
                <p class="suggestion-text">{item.text}</p>
                <span class="suggestion-author">by {item.author}</span>
                <Show
                  when={props.username && props.username !== item.author}
                  fallback={
                    <span class="suggestion-votes">
                      {item.votes} {item.votes === 1 ? 'upvote' : 'upvotes'}
                    </span>
                  }
                >
                  <button
                    type="button"
                    class="suggestion-upvote"
                    aria-pressed={props.upvoted.includes(item.id)}
                    aria-label={`Upvote “${item.text}”, ${item.votes} so far`}
                    onClick={() => {
                      if (!props.upvoted.includes(item.id)) props.onSend({ type: 'upvote', suggestionId: item.id });
                    }}
                  >
                    ▲ {item.votes}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={props.refusal?.kind === 'upvote'}>
        <p class="audience-error" role="alert">
          {props.refusal?.words}
        </p>
      </Show>
      <Show
        when={props.username}
        fallback={
          <p class="suggestions-sign-in">
            <A href={props.signInPath}>Sign in</A> to suggest a topic or upvote one.
          </p>
        }
      >
        <form class="suggest-form" onSubmit={submit}>
          <label for="suggest-text">Suggest a new angle</label>
          <div class="suggest-row">
            <input
              id="suggest-text"
              maxLength={max}
              value={text()}
              aria-describedby="suggest-count"
              onInput={(event) => (setText(event.currentTarget.value), setProblem(null))}
              placeholder="What should they talk about next?"
            />
            <button type="submit" class="primary">
              Suggest
            </button>
          </div>
          <small id="suggest-count" class="suggest-count">
            {text().length}/{max}
          </small>
          <Show when={error()}>
            {(words) => (
              <p class="audience-error" role="alert">
                {words()}
              </p>
            )}
          </Show>
        </form>
      </Show>
    </section>
  );
};

/** The line under the stage while a round's best message may be picked. */
export const PickNotice: Component<{ pick: OpenPick; mine: string | null; signedIn: boolean; signInPath: string }> = (
  props,
) => (
  <p class="pick-notice">
    <Show
      when={props.signedIn}
      fallback={
        <>
          Round {props.pick.round} is over: <A href={props.signInPath}>sign in</A> to pick its best message.
        </>
      }
    >
      {props.mine
        ? `You picked the best of round ${props.pick.round}.`
        : `Round ${props.pick.round} is over: pick its best message (★ on its bubbles).`}
    </Show>
  </p>
);

/** Everything of the audience on the stage above the activity line: the vote, the suggestions (on demand) and the pick's line. */
export const AudienceStage: Component<{
  audience: AudienceRoom;
  room: RoomInfo | null;
  username: string | null;
  signInPath: string;
}> = (props) => {
  const [open, setOpen] = createSignal(false);
  const audience = () => props.audience.view();
  const mine = () => mineOf(audience());
  const send = (action: AudienceAction) => sendAudience(props.audience, action);
  // Suggestions show where the room takes them (every N turns), or while some are open.
  const suggestionsOn = () => (props.room?.suggestionEvery ?? 0) > 0 || audience().suggestions.length > 0;
  const suggestionRefusal = () => {
    const error = audience().error;
    return error && (error.action.type === 'suggest' || error.action.type === 'upvote')
      ? { kind: error.action.type, words: error.message }
      : null;
  };
  return (
    <>
      <Show when={audience().pick || suggestionsOn()}>
        <div class="audience-line">
          <Show when={audience().pick}>
            {(pick) => (
              <PickNotice
                pick={pick()}
                mine={mine().pick}
                signedIn={props.username !== null}
                signInPath={props.signInPath}
              />
            )}
          </Show>
          <Show when={suggestionsOn()}>
            <button
              type="button"
              class="audience-toggle"
              aria-expanded={open()}
              aria-controls="suggestions-panel"
              onClick={() => setOpen(!open())}
            >
              💡 Suggestions ({audience().suggestions.length})
            </button>
          </Show>
          {/* Over the foot of the log, as a menu opens: the log keeps its height. */}
          <Show when={open() && suggestionsOn()}>
            <SuggestionsPanel
              items={audience().suggestions}
              upvoted={mine().upvoted}
              username={props.username}
              signInPath={props.signInPath}
              refusal={suggestionRefusal()}
              onSend={send}
              onClose={() => setOpen(false)}
            />
          </Show>
        </div>
      </Show>
      {/* Next to the line that says who is up next. */}
      <Show when={audience().vote || audience().lastVote}>
        <VotePanel
          vote={audience().vote}
          result={audience().lastVote}
          mine={mine().vote}
          room={props.room}
          signedIn={props.username !== null}
          signInPath={props.signInPath}
          refusal={refusalOf(audience(), 'vote')}
          onVote={send}
        />
      </Show>
    </>
  );
};
