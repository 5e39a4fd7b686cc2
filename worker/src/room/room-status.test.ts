import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { conversations } from '../db/schema/index.ts';
import {
  connectViewer,
  createConversation,
  demoSettings,
  insideRoom,
  ofType,
  providersFrom,
  roomOf,
} from './testing.ts';

async function storedStatus(conversationId: string): Promise<string | undefined> {
  const { db, close } = openDatabase(env);
  try {
    const [row] = await db
      .select({ status: conversations.status })
      .from(conversations)
      .where(eq(conversations.id, conversationId));
    return row?.status;
  } finally {
    await close();
  }
}

describe('conversations.status in Postgres', () => {
  it('follows the room when it starts and when it stops itself after maxTurns, with no API call', async () => {
    const id = await createConversation();
    const room = roomOf(id);
    await room.configure(demoSettings(id, { maxTurns: 2 }));
    expect(await storedStatus(id)).toBe('idle');
    // Started over RPC, not through the API route (which also writes the status): the room reports it.
    await room.start();
    await expect.poll(() => room.state().then((state) => state.status), { timeout: 20_000 }).toBe('stopped');
    expect((await room.state()).stopReason).toBe('max-turns');
    await expect.poll(() => storedStatus(id), { timeout: 10_000 }).toBe('stopped');
  });

  it('reports a pause and a resume', async () => {
    const id = await createConversation();
    const room = roomOf(id);
    await room.configure(demoSettings(id, { maxTurns: 50 }));
    await room.start();
    await expect.poll(() => storedStatus(id), { timeout: 10_000 }).toBe('running');
    await room.pause();
    await expect.poll(() => storedStatus(id), { timeout: 10_000 }).toBe('paused');
    await room.stop();
    await expect.poll(() => storedStatus(id), { timeout: 10_000 }).toBe('stopped');
  });
});

describe('state() as the lobby reads it', () => {
  it('names the persona typing or streaming now and counts the viewers', async () => {
    const id = await createConversation();
    const room = roomOf(id);
    await room.configure(demoSettings(id, { maxTurns: 3 }));
    // A slow demo provider, so that the turn is still streaming when state() is asked.
    await insideRoom(id, (conversation) => {
      conversation.useDependencies(providersFrom({ ...conversation.dependencies.config, DEMO_PACE_MS: 300 }));
    });
    const viewers = [await connectViewer(id), await connectViewer(id)];
    await room.start();
    const typing = await viewers[0]!.next(ofType('typing-start'));
    expect(await room.state()).toMatchObject({ status: 'running', speaking: typing.persona, viewers: 2 });
    await viewers[0]!.next(ofType('message-delta'));
    expect(await room.state()).toMatchObject({ speaking: typing.persona, viewers: 2 });
    viewers[1]!.close();
    await expect.poll(() => room.state().then((state) => state.viewers)).toBe(1);
    await room.stop();
    expect(await room.state()).toMatchObject({ status: 'stopped', speaking: null });
    viewers[0]!.close();
  });
});
