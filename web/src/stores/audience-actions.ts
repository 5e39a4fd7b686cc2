/**
 * What this viewer does as the audience, on the view (stores/audience.ts):
 * what it sends is marked as given at once, and what the page reads of it.
 * Only the audience's own chunks (the bubble's bar, the stage's panels) need
 * these, so they stay out of the room page's first chunk.
 */
import type { ReactionCounts } from '../../../worker/src/contract/index.ts';
import type { AudienceAction, AudienceView, MyAudience } from './audience.ts';

/** What an audience panel needs of the room's session. */
export interface AudienceRoom {
  view(): AudienceView;
  /** Sends a frame on the room's socket; false while it is not open. */
  transmit(action: AudienceAction): boolean;
  update(change: (audience: AudienceView) => AudienceView): void;
  signedIn(): boolean;
}

/** Sends `action`: marked as given at once, or refused in words while the socket is down. */
export function sendAudience(room: AudienceRoom, action: AudienceAction): void {
  const sent = room.transmit(action);
  // Nothing was marked as given when nothing was sent: only the words are to show.
  const message = 'Not connected to the room: try again once it is live.';
  room.update((audience) =>
    sent
      ? applySent(audience, action)
      : {
          ...audience,
          error: { id: (audience.error?.id ?? 0) + 1, action, code: 'not_open', message },
        },
  );
}

/** What this viewer gave, less `action`. */
function without(mine: MyAudience, action: AudienceAction): MyAudience {
  switch (action.type) {
    case 'react': {
      const given = (mine.reactions[action.messageId] ?? []).filter((emoji) => emoji !== action.emoji);
      return { ...mine, reactions: { ...mine.reactions, [action.messageId]: given } };
    }
    case 'vote':
      return mine.vote === action.persona ? { ...mine, vote: null } : mine;
    case 'upvote':
      return { ...mine, upvoted: mine.upvoted.filter((id) => id !== action.suggestionId) };
    case 'pick':
      return mine.pick === action.messageId ? { ...mine, pick: null } : mine;
    default:
      return mine;
  }
}

/** What this viewer gave: as marked, less the frames the room refused. */
export function mineOf(audience: AudienceView): MyAudience {
  return audience.refused.reduce(without, audience.mine);
}

/** The audience once this viewer sent `action`: what it gives is marked as given until the room says otherwise. */
export function applySent(audience: AudienceView, action: AudienceAction): AudienceView {
  // The refused frames' marks go for good once their words do.
  const mine = { ...mineOf(audience) };
  switch (action.type) {
    case 'react':
      mine.reactions = {
        ...mine.reactions,
        [action.messageId]: [...new Set([...(mine.reactions[action.messageId] ?? []), action.emoji])],
      };
      break;
    case 'vote':
      mine.vote = action.persona;
      break;
    case 'upvote':
      mine.upvoted = [...new Set([...mine.upvoted, action.suggestionId])];
      break;
    case 'pick':
      mine.pick = action.messageId;
      break;
    case 'suggest':
      break;
  }
  return { ...audience, mine, refused: [], error: null };
}

/** A message's counts: the room's latest word, else what the message arrived with; a kind this viewer gave counts at least 1. */
export function countsOf(
  audience: AudienceView,
  messageId: string,
  stored: ReactionCounts | undefined,
): ReactionCounts {
  const counts: ReactionCounts = { ...(audience.reactions[messageId] ?? stored) };
  for (const emoji of mineOf(audience).reactions[messageId] ?? []) counts[emoji] = Math.max(counts[emoji] ?? 0, 1);
  return counts;
}

/** The room's words refusing this viewer's last audience frame of `kind` (on `messageId`, when given), or null. */
export function refusalOf(audience: AudienceView, kind: AudienceAction['type'], messageId?: string): string | null {
  const error = audience.error;
  if (!error || error.action.type !== kind) return null;
  if (messageId !== undefined && 'messageId' in error.action && error.action.messageId !== messageId) return null;
  return error.message;
}
