/**
 * The live room as the page draws it, built by a pure reducer from the room's
 * WebSocket frames (worker/src/contract/frames.ts). Frames carrying a seq at or
 * below the last one applied are ignored, so a replay after a reconnect never
 * duplicates text; a `snapshot` replaces everything but the audience (the
 * `audience` frame that follows it replaces that: stores/audience.ts).
 */
import type {
  FrameErrorCode,
  ProviderId,
  RoomInfo,
  RoomMessage,
  RoomState,
  ServerFrame,
} from '../../../worker/src/contract/index.ts';
import { answersAudience, applyAudienceFrame, emptyAudience, type AudienceView } from './audience.ts';

/** The message being streamed now, as far as it has come. */
export interface StreamingView {
  messageId: string;
  persona: string;
  provider: ProviderId;
  model: string;
  attempt: number;
  text: string;
}

/** An error the room reported on the socket. */
export interface RoomError {
  /** 1 for the first error of the session, then one more for each. */
  id: number;
  code: FrameErrorCode;
  message: string;
}

/** Everything the room page shows of the live conversation. */
export interface RoomView {
  /** The highest seq applied; -1 before the first sequenced frame. */
  lastSeq: number;
  room: RoomInfo | null;
  state: RoomState | null;
  /** Finished messages, by seq. */
  messages: RoomMessage[];
  /** Older messages exist than the first of `messages` (the REST API pages them). */
  hasEarlier: boolean;
  streaming: StreamingView | null;
  typing: { persona: string; displayName: string } | null;
  /** Who the room announced speaks next (`turn-announce`), until that persona starts typing. */
  upNext: { persona: string; displayName: string; answering: string | null } | null;
  viewers: number;
  /** Fallback notices by message id ("The Comedian switched to anthropic · claude-…"). */
  fallbackNotices: Record<string, string>;
  /** The latest errors, oldest first (at most MAX_ERRORS). */
  errors: RoomError[];
  /** Reactions, the vote, suggestions and the pick (stores/audience.ts). */
  audience: AudienceView;
}

const MAX_ERRORS = 5;

/** The view before the first frame. */
export function emptyRoomView(): RoomView {
  return {
    lastSeq: -1,
    room: null,
    state: null,
    messages: [],
    hasEarlier: false,
    streaming: null,
    typing: null,
    upNext: null,
    viewers: 0,
    fallbackNotices: {},
    errors: [],
    audience: emptyAudience(),
  };
}

/** A persona's display name in this room, or its name when the room does not know it. */
export function displayNameOf(room: RoomInfo | null, persona: string): string {
  return room?.personas.find((entry) => entry.name === persona)?.displayName ?? persona;
}

/** "The Comedian switched to anthropic · claude-sonnet-4-5", or "The Comedian retried openai · gpt-4.1-mini" on a `retry`. */
export function fallbackNotice(
  room: RoomInfo | null,
  persona: string,
  provider: string,
  model: string,
  retry = false,
): string {
  return `${displayNameOf(room, persona)} ${retry ? 'retried' : 'switched to'} ${provider} · ${model}`;
}

/** Adds finished messages, keeping one per id, ordered by seq. */
export function mergeMessages(messages: readonly RoomMessage[], added: readonly RoomMessage[]): RoomMessage[] {
  const known = new Set(messages.map((message) => message.id));
  const fresh = added.filter((message) => !known.has(message.id) && (known.add(message.id), true));
  if (fresh.length === 0) return messages as RoomMessage[];
  return [...messages, ...fresh].sort((a, b) => a.seq - b.seq);
}

/** The view after one frame; returns the same object when the frame changes nothing. */
export function applyFrame(view: RoomView, frame: ServerFrame): RoomView {
  if ('seq' in frame && frame.type !== 'snapshot' && frame.seq <= view.lastSeq) return view;
  switch (frame.type) {
    case 'snapshot':
      return {
        ...emptyRoomView(),
        lastSeq: frame.seq,
        room: frame.room,
        state: frame.state,
        messages: mergeMessages([], frame.messages),
        hasEarlier: frame.hasEarlier,
        typing: frame.typing,
        streaming: frame.streaming,
        viewers: frame.state.viewers,
        // A message already on its second provider when the viewer arrived still says so.
        fallbackNotices:
          frame.streaming && frame.streaming.attempt > 1
            ? {
                [frame.streaming.messageId]: fallbackNotice(
                  frame.room,
                  frame.streaming.persona,
                  frame.streaming.provider,
                  frame.streaming.model,
                ),
              }
            : {},
        errors: view.errors,
        audience: view.audience,
      };
    case 'turn-announce':
      return {
        ...view,
        upNext: { persona: frame.persona, displayName: frame.displayName, answering: frame.answering },
      };
    case 'typing-start':
      return {
        ...view,
        lastSeq: frame.seq,
        typing: { persona: frame.persona, displayName: frame.displayName },
        upNext: null,
      };
    case 'typing-end':
      return { ...view, lastSeq: frame.seq, typing: view.typing?.persona === frame.persona ? null : view.typing };
    case 'message-start': {
      const { messageId, persona, provider, model, attempt } = frame;
      const retried = view.streaming?.messageId === messageId && attempt > 1;
      const fallbackNotices = retried
        ? { ...view.fallbackNotices, [messageId]: fallbackNotice(view.room, persona, provider, model, frame.retry) }
        : view.fallbackNotices;
      return {
        ...view,
        lastSeq: frame.seq,
        streaming: { messageId, persona, provider, model, attempt, text: '' },
        fallbackNotices,
      };
    }
    case 'message-delta': {
      const streaming =
        view.streaming?.messageId === frame.messageId
          ? { ...view.streaming, text: view.streaming.text + frame.text }
          : view.streaming;
      return { ...view, lastSeq: frame.seq, streaming };
    }
    case 'message-end': {
      const streaming = view.streaming?.messageId === frame.message.id ? null : view.streaming;
      return {
        ...view,
        lastSeq: frame.seq,
        streaming,
        messages: mergeMessages(view.messages, [frame.message]),
        audience: applyAudienceFrame(view.audience, frame),
      };
    }
    case 'message-discard':
      return {
        ...view,
        lastSeq: frame.seq,
        streaming: view.streaming?.messageId === frame.messageId ? null : view.streaming,
      };
    case 'presence':
      return { ...view, viewers: frame.viewers };
    case 'state':
      return {
        ...view,
        state: frame.state,
        room: frame.room ?? view.room,
        viewers: frame.state.viewers,
        upNext: frame.state.status === 'running' ? view.upNext : null,
      };
    case 'error':
      // The answer to this viewer's reaction, vote, suggestion or pick is shown beside it, not as the room's error.
      if (answersAudience(frame)) return { ...view, audience: applyAudienceFrame(view.audience, frame) };
      return {
        ...view,
        errors: [
          ...view.errors,
          { id: (view.errors.at(-1)?.id ?? 0) + 1, code: frame.code, message: frame.message },
        ].slice(-MAX_ERRORS),
      };
    case 'pong':
      return view;
    case 'reactions':
    case 'vote-open':
    case 'vote-tally':
    case 'vote-close':
    case 'suggestions':
    case 'pick-open':
    case 'pick-tally':
    case 'audience':
      return { ...view, audience: applyAudienceFrame(view.audience, frame) };
  }
}

/** What the conversation has spent: the room's own total, or the sum of the messages shown when that is more recent. */
export function runningCost(view: RoomView): number {
  const summed = view.messages.reduce((total, message) => total + (message.metadata.costUsd ?? 0), 0);
  return Math.max(view.state?.costUsd ?? 0, summed);
}
