/**
 * Helpers for the room's workerd tests: a conversation row in Postgres, demo
 * settings from the seed personas, and a viewer that records every frame.
 * Imported by tests only.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../db/client.ts';
import type { Config } from '../env.ts';
import { conversations, messages } from '../db/schema/index.ts';
import { SEED_PERSONAS } from '../personas/seed.ts';
import { DEMO_MODEL } from '../providers/demo/demo.ts';
import { randomIp } from '../testing/client.ts';
import { recordFrames, type FrameRecorder } from '../testing/viewer.ts';
import { VIEWER_HEADER, type RoomPersona, type RoomSettings, type Viewer } from './contract.ts';
import { LAST_SEQ_PARAM, type RoomMessage, type SequencedFrame, type ServerFrame } from '../contract/index.ts';
import { ROOM_INTERNALS, type ConversationRoom } from './room.ts';
import type { Conversation } from './conversation.ts';
import { providersOf, type RoomDependencies } from './dependencies.ts';

/** The room of a conversation. */
export function roomOf(conversationId: string) {
  return env.ROOMS.get(env.ROOMS.idFromName(conversationId));
}

/** Dependencies whose providers are built from `config` (e.g. the fake provider server's, or a slower demo pace). */
export function providersFrom(config: Config): Partial<RoomDependencies> {
  return { loadProviders: () => providersOf(config, env) };
}

/** A Postgres nobody listens on: port 9 (discard) on loopback, through a proxy that is not there either. */
export const DEAD_POSTGRES = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:9/chimera',
  NEON_WS_PROXY: '127.0.0.1:9/v1',
};

/** Dependencies whose Postgres cannot be reached (connections refused at once). */
export function cutOffPostgres(): Partial<RoomDependencies> {
  return { openDatabase: () => openDatabase(DEAD_POSTGRES) };
}

/** Dependencies whose Postgres is the tests' own again. */
export function reachablePostgres(): Partial<RoomDependencies> {
  return { openDatabase: () => openDatabase(env) };
}

/** Inserts a conversation row (messages reference it) and returns its id. */
export async function createConversation(title = 'A test room'): Promise<string> {
  const { db, close } = openDatabase(env);
  try {
    const [row] = await db.insert(conversations).values({ title }).returning({ id: conversations.id });
    return row!.id;
  } finally {
    await close();
  }
}

/** The conversation's messages in Postgres, in message_order. */
export async function postgresMessages(conversationId: string) {
  const { db, close } = openDatabase(env);
  try {
    return await db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(messages.messageOrder);
  } finally {
    await close();
  }
}

/** The seed personas, all on the demo provider. */
export function demoPersonas(): RoomPersona[] {
  return SEED_PERSONAS.map(({ defaultProvider: _provider, defaultModel: _model, ...persona }) => ({
    ...persona,
    provider: 'demo',
    model: DEMO_MODEL,
  }));
}

/** Settings for a demo room of the seed personas. */
export function demoSettings(conversationId: string, overrides: Partial<RoomSettings> = {}): RoomSettings {
  return {
    conversationId,
    title: 'Tea or coffee',
    topic: 'whether tea or coffee makes better conversation',
    mode: 'sequential',
    personas: demoPersonas(),
    maxTurns: 20,
    budgetUsd: 1,
    ...overrides,
  };
}

/** A room configured with demo settings (and `overrides`) and a viewer already watching it; not started. */
export async function openRoom(overrides: Partial<RoomSettings> = {}, options: { viewer?: Viewer } = {}) {
  const id = await createConversation();
  const room = roomOf(id);
  await room.configure(demoSettings(id, overrides));
  const viewer = await connectViewer(id, options);
  return { id, room, viewer };
}

/** A connected viewer that parses and records every frame it receives. */
export type TestViewer = FrameRecorder;

/** Frames that carry a seq (the conversation's own), snapshots aside. */
export const isSequenced = (frame: ServerFrame): frame is SequencedFrame => 'seq' in frame && frame.type !== 'snapshot';

/** True once a `state` frame said the room stopped. */
export const isStopped = (frames: ServerFrame[]) =>
  frames.some((frame) => frame.type === 'state' && frame.state.status === 'stopped');

/** The messages a viewer saw finish, in order. */
export function finished(viewer: TestViewer): RoomMessage[] {
  return viewer.frames.filter(ofType('message-end')).map((frame) => frame.message);
}

/** Runs `work` inside the room with its Conversation (storage, schedule, outbox). */
export function insideRoom<T>(
  conversationId: string,
  work: (conversation: Conversation) => T | Promise<T>,
): Promise<T> {
  return runInDurableObject(roomOf(conversationId), (instance: ConversationRoom) => work(instance[ROOM_INTERNALS]));
}

/** A frame-type guard for `next`. */
export function ofType<T extends ServerFrame['type']>(type: T) {
  return (frame: ServerFrame): frame is Extract<ServerFrame, { type: T }> => frame.type === type;
}

/**
 * Connects a viewer: anonymous ones through the Worker's route (from `ip`,
 * else an address of their own), signed-in ones straight to the room with
 * VIEWER_HEADER, as the route does after checking the session.
 */
export async function connectViewer(
  conversationId: string,
  options: { viewer?: Viewer; lastSeq?: number; ip?: string } = {},
): Promise<TestViewer> {
  const url = new URL(`http://chimera.test/ws/conversation/${conversationId}`);
  if (options.lastSeq !== undefined) url.searchParams.set(LAST_SEQ_PARAM, String(options.lastSeq));
  // Each viewer its own address: the route rate-limits connections per IP, on a Redis shared by runs.
  const headers: Record<string, string> = { upgrade: 'websocket', 'cf-connecting-ip': options.ip ?? randomIp() };
  if (options.viewer) headers[VIEWER_HEADER] = JSON.stringify(options.viewer);
  const response = options.viewer
    ? await roomOf(conversationId).fetch(url, { headers })
    : await exports.default.fetch(url, { headers });
  const socket = response.webSocket;
  if (response.status !== 101 || !socket) throw new Error(`expected 101, got ${response.status}`);
  return recordFrames(socket);
}
