/**
 * The Moderator's notices, as the room stores or sends them: the nudge out of
 * a conversation that loops, the word on a spend limit reached, and the frame
 * telling viewers that no provider could answer. Pure: the room stores them
 * (conversation.ts, spend-gate.ts) and sends them.
 */
import type { ServerFrame } from '../contract/index.ts';
import type { MessageFields } from './room-writer.ts';
import { loopNudge } from './speaker-turn.ts';
import type { NudgeRecord, RoomStore } from './storage.ts';

/** A message from the Moderator (a system message without a sender). */
export function moderatorMessage(content: string, metadata: MessageFields['metadata']): MessageFields {
  return { senderType: 'system', senderId: null, persona: null, author: 'Moderator', content, metadata };
}

/** When the conversation loops (speaker-turn.ts loopNudge): the Moderator's nudge and the nudge record stored with it. */
export function loopNotice(
  view: Pick<RoomStore, 'control' | 'recentMessages' | 'nudges'>,
  random: () => number,
): { fields: MessageFields; nudges: NudgeRecord } | null {
  const angle = loopNudge(view, random);
  if (!angle) return null;
  return {
    fields: moderatorMessage(`Let's take this somewhere new: ${angle}.`, { nudge: angle }),
    nudges: { pending: angle, given: [...view.nudges().given, angle], atTurn: view.control().turns },
  };
}

/** The frame telling viewers a turn failed (no provider answered) and is tried again shortly. */
export function providerFailedFrame(errorKind: string): ServerFrame {
  return {
    type: 'error',
    code: 'provider_failed',
    message: `No provider could answer (${errorKind}); trying again shortly.`,
  };
}
