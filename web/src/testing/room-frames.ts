/** Room frames and messages for tests, as the room sends them. */
import type { RoomInfo, RoomMessage, RoomState, ServerFrame } from '../../../worker/src/contract/index.ts';
import type { ConversationDetail } from '../routes/room.tsx';

/** Three seed personas on the demo provider. */
export const ROOM: RoomInfo = {
  title: 'Is free will an illusion?',
  topic: 'Whether anyone ever chooses anything',
  mode: 'sequential',
  maxTurns: 20,
  budgetUsd: 1,
  personas: [
    {
      name: 'philosopher',
      displayName: 'The Philosopher',
      avatar: '🦉',
      color: '#7c5cbf',
      provider: 'demo',
      model: 'chimera-demo',
    },
    {
      name: 'comedian',
      displayName: 'The Comedian',
      avatar: '🎭',
      color: '#e0823d',
      provider: 'demo',
      model: 'chimera-demo',
    },
    {
      name: 'scientist',
      displayName: 'The Scientist',
      avatar: '🔬',
      color: '#2f8f83',
      provider: 'demo',
      model: 'chimera-demo',
    },
  ],
};

/** A room's state. */
export function roomState(overrides: Partial<RoomState> = {}): RoomState {
  return {
    status: 'running',
    turns: 0,
    costUsd: 0,
    viewers: 1,
    lastSeq: 0,
    speaking: null,
    stopReason: null,
    idlePaused: false,
    ...overrides,
  };
}

/** A finished AI message of `persona` delivered at `seq`. */
export function aiMessage(
  seq: number,
  persona: string,
  content: string,
  overrides: Partial<RoomMessage> = {},
): RoomMessage {
  const info = ROOM.personas.find((entry) => entry.name === persona);
  return {
    id: `m-${seq}`,
    seq,
    senderType: 'ai',
    senderId: 'demo/chimera-demo',
    persona,
    author: info?.displayName ?? persona,
    content,
    createdAt: '2026-11-24T10:00:00.000Z',
    metadata: {
      turn: seq,
      provider: 'demo',
      model: 'chimera-demo',
      latencyMs: 1234,
      timeToFirstTokenMs: 200,
      tokens: { input: 300, output: 85, estimated: true },
      costUsd: 0.0001,
    },
    ...overrides,
  };
}

/** A snapshot of the room at `seq`. */
export function snapshot(
  seq: number,
  messages: RoomMessage[],
  extra: Partial<Extract<ServerFrame, { type: 'snapshot' }>> = {},
): ServerFrame {
  return {
    type: 'snapshot',
    seq,
    state: roomState({ lastSeq: seq }),
    room: ROOM,
    messages,
    hasEarlier: false,
    typing: null,
    streaming: null,
    ...extra,
  };
}

/** The frames of one streamed message, `text` split into `parts` deltas, from `seq` on: typing, start, deltas, typing-end, end. */
export function streamedTurn(
  seq: number,
  persona: string,
  parts: string[],
): { frames: ServerFrame[]; message: RoomMessage; lastSeq: number } {
  const id = `m-${seq}`;
  const info = ROOM.personas.find((entry) => entry.name === persona)!;
  const frames: ServerFrame[] = [
    { type: 'typing-start', seq, persona, displayName: info.displayName },
    {
      type: 'message-start',
      seq: seq + 1,
      messageId: id,
      persona,
      provider: 'demo',
      model: 'chimera-demo',
      attempt: 1,
    },
    ...parts.map(
      (text, index): ServerFrame => ({
        type: 'message-delta',
        seq: seq + 2 + index,
        messageId: id,
        text,
        emittedAt: 0,
      }),
    ),
  ];
  const endSeq = seq + 2 + parts.length + 1;
  const message = { ...aiMessage(endSeq, persona, parts.join('')), id };
  frames.push({ type: 'typing-end', seq: endSeq - 1, persona }, { type: 'message-end', seq: endSeq, message });
  return { frames, message, lastSeq: endSeq };
}

/** The conversation of ROOM as `GET /api/conversations/:id` answers it: an idle public room owned by `owner`. */
export function conversationDetail(overrides: Partial<ConversationDetail> = {}): ConversationDetail {
  return {
    id: 'c1',
    title: ROOM.title,
    topic: ROOM.topic,
    mode: 'sequential',
    visibility: 'public',
    demo: false,
    status: 'idle',
    maxTurns: 20,
    budgetUsd: 1,
    replyCache: false,
    voteNext: false,
    suggestionEvery: 0,
    owner: { id: '11111111-1111-4111-8111-111111111111', username: 'owner' },
    personas: ROOM.personas.map((persona) => ({ ...persona, temperature: 0.7, style: 'x', avgLength: 80, traits: [] })),
    createdAt: '2026-11-24T00:00:00.000Z',
    updatedAt: '2026-11-24T00:00:00.000Z',
    state: null,
    replyCacheStats: null,
    ...overrides,
  };
}
