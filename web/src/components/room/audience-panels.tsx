/**
 * The audience on the stage, as a chunk of its own (fetched as the stage
 * draws, beside the room page's chunk): the vote on who speaks next above the
 * activity line (vote-panel.tsx), and at that line's end the note that a
 * round's best message may be picked and the suggestions' toggle with the
 * suggestions it opens (suggestions-panel.tsx). Votes, suggestions, upvotes and picks are for signed-in
 * viewers; others see the same panels with "Sign in to …".
 */
import { A } from '@solidjs/router';
import { createSignal, Show, type Component } from 'solid-js';
import type { OpenPick, RoomInfo } from '../../../../worker/src/contract/index.ts';
import type { AudienceAction } from '../../stores/audience.ts';
import { mineOf, refusalOf, sendAudience, type AudienceRoom } from '../../stores/audience-actions.ts';
import { SuggestionsPanel } from './suggestions-panel.tsx';
import { VotePanel } from './vote-panel.tsx';
import './audience-panels.css';

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

/** What the audience panels need of the room page. */
interface StageProps {
  audience: AudienceRoom;
  room: RoomInfo | null;
  username: string | null;
  signInPath: string;
}

/** The vote on who speaks next, above the activity line that says who is up next. */
export const AudienceVote: Component<StageProps> = (props) => {
  const audience = () => props.audience.view();
  return (
    <Show when={audience().vote || audience().lastVote}>
      <VotePanel
        vote={audience().vote}
        result={audience().lastVote}
        mine={mineOf(audience()).vote}
        room={props.room}
        signedIn={props.username !== null}
        signInPath={props.signInPath}
        refusal={refusalOf(audience(), 'vote')}
        onVote={(action) => sendAudience(props.audience, action)}
      />
    </Show>
  );
};

/** The end of the activity line: the round's pick, and the suggestions' toggle with the suggestions it opens. */
export const AudienceLine: Component<StageProps> = (props) => {
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
        {/* Over the foot of the log, above the stage's foot, as a menu opens: the log keeps its height, the vote stays in view. */}
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
  );
};
