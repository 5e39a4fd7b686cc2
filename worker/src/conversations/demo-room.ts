/**
 * The public demo room: one conversation of the three seed personas on the
 * demo provider, owned by nobody (conversations.user_id is null, so nobody
 * may control or delete it), so that a newcomer on embedded defaults sees a
 * live conversation within seconds. The lobby ensures it on each read of its
 * front page (routes/conversations.ts) unless DEMO_ROOM is `off`:
 *
 * - created once: its id is fixed (DEMO_CONVERSATION_ID) and the insert is
 *   `ON CONFLICT DO NOTHING`, so concurrent first reads agree on one row;
 * - started through the same RPC as the owner's start route (configure from
 *   the conversation, then start); a concurrent read that started it first
 *   makes ours a refused, ignored transition;
 * - run in rounds (RoomSettings.roundTurns): the room itself starts the next
 *   round of DEMO_ROUND_TURNS when one ends while anyone watches it, or when
 *   a viewer arrives after a round ended unwatched; a lobby read continues a
 *   finished round too. The conversation goes on rather than piling up
 *   finished copies of itself.
 *
 * It runs only while someone watches it or the lobby: like every room it
 * pauses itself after ROOM_IDLE_PAUSE_MS without viewers and resumes when one
 * connects, and a lobby read resumes it too, so the lobby's newcomer sees
 * someone speaking before opening it. Its status in Postgres is written by
 * its room's outbox, like every room's; the lobby shows the live one.
 */
import { eq } from 'drizzle-orm';
import { AUDIENCE_LIMITS } from '../contract/index.ts';
import { invalidateLobby } from '../cache/json-cache.ts';
import { conversations } from '../db/schema/index.ts';
import type { Services } from '../env.ts';
import { createLogger } from '../logging/logger.ts';
import { SEED_PERSONAS } from '../personas/seed.ts';
import { DEMO_MODEL } from '../providers/demo/demo.ts';
import type { RoomControl, RoomResult, RoomState } from '../room/contract.ts';
import { roomOf } from './room-control.ts';
import { DEMO_CONVERSATION_ID, type ApiConversation } from './schema.ts';
import {
  conversationValues,
  roomSettings,
  toApiConversation,
  type NewConversation,
  type StoredConversation,
} from './store.ts';

/** AI turns per round of the demo conversation; a finished round is continued by its room while watched, or by the next lobby read. */
export const DEMO_ROUND_TURNS = 30;

/** The demo conversation as first created. */
export function demoConversation(): NewConversation {
  return {
    title: 'Welcome to Chimera: is a conversation with a machine still a conversation?',
    topic: 'whether talking with an AI can be a real conversation, and what would make it one',
    personas: SEED_PERSONAS.map(({ defaultProvider: _provider, defaultModel: _model, ...persona }) => ({
      ...persona,
      provider: 'demo' as const,
      model: DEMO_MODEL,
    })),
    mode: 'context-aware',
    maxTurns: DEMO_ROUND_TURNS,
    // The demo provider is free: a budget that is never reached.
    budgetUsd: 1,
    visibility: 'public',
    replyCache: false,
    // No vote: most of the front page's audience is anonymous and cannot vote, and a vote window would slow the
    // newcomer's first minute. Suggestions, like interjections, come from signed-in viewers and cost nothing unused.
    voteNext: false,
    suggestionEvery: AUDIENCE_LIMITS.suggestionEvery.default,
  };
}

/** The demo room as the lobby shows it (with its room's live status), and its room's state, after making sure it exists and runs (or waits for a viewer); null when DEMO_ROOM is off or it could not be ensured. Never throws: the lobby answers without it. */
export async function ensureDemoRoom(
  env: Env,
  services: Services,
): Promise<{ conversation: ApiConversation; state: RoomState } | null> {
  if (services.config.DEMO_ROOM === 'off') return null;
  try {
    const stored = await findOrCreate(services);
    const round = await startIfDone(env, stored);
    if (round.maxTurns !== null && round.maxTurns !== stored.row.maxTurns)
      stored.row = await saveRound(services, stored.row.id, round.maxTurns);
    return { conversation: { ...toApiConversation(stored), status: round.state.status }, state: round.state };
  } catch (error) {
    createLogger({ conversationId: DEMO_CONVERSATION_ID }, { env: services.config }).warn('demo-room-unavailable', {
      reason: error,
    });
    return null;
  }
}

async function findDemo(services: Services): Promise<StoredConversation | null> {
  const [row] = await services.db
    .select()
    .from(conversations)
    .where(eq(conversations.id, DEMO_CONVERSATION_ID))
    .limit(1);
  return row ? { row, owner: null } : null;
}

async function findOrCreate(services: Services): Promise<StoredConversation> {
  const found = await findDemo(services);
  if (found) return found;
  const inserted = await services.db
    .insert(conversations)
    .values({ id: DEMO_CONVERSATION_ID, userId: null, ...conversationValues(demoConversation()) })
    .onConflictDoNothing({ target: conversations.id })
    .returning({ id: conversations.id });
  if (inserted.length > 0) await invalidateLobby(services);
  const created = await findDemo(services);
  if (!created) throw new Error('the demo conversation was neither found nor created');
  return created;
}

/**
 * Starts the room when it is new (idle) or has finished a round (stopped),
 * for one more round, and wakes it when it paused for want of viewers;
 * answers its state and, when it started a round, the round's last turn.
 */
async function startIfDone(
  env: Env,
  stored: StoredConversation,
): Promise<{ state: RoomState; maxTurns: number | null }> {
  const room = roomOf(env, stored.row.id);
  const state = await room.state();
  if (state.status === 'paused' && state.idlePaused)
    return { state: await unlessRaced(room, await room.resume()), maxTurns: null };
  if (state.status !== 'idle' && state.status !== 'stopped') return { state, maxTurns: null };
  const maxTurns = state.turns + DEMO_ROUND_TURNS;
  const configured = await room.configure({ ...roomSettings(stored), maxTurns, roundTurns: DEMO_ROUND_TURNS });
  // Another lobby read configured or started it between our state() and here: same settings, its start counts.
  return { state: await unlessRaced(room, configured.ok ? await room.start() : configured), maxTurns };
}

/** The state a control answered; when a concurrent read got there first (invalid_transition), the room's state now. */
async function unlessRaced(room: RoomControl, result: RoomResult<RoomState>): Promise<RoomState> {
  if (result.ok) return result.value;
  if (result.code !== 'invalid_transition') throw new Error(`the demo room refused: ${result.code}`);
  return room.state();
}

/** Stores the last turn of the room's current round. */
async function saveRound(services: Services, id: string, maxTurns: number): Promise<StoredConversation['row']> {
  const [row] = await services.db
    .update(conversations)
    .set({ maxTurns, updatedAt: new Date() })
    .where(eq(conversations.id, id))
    .returning();
  if (!row) throw new Error('the demo conversation disappeared');
  return row;
}
