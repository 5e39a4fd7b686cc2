import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { conversations } from '../db/schema/index.ts';
import { createConversation, demoSettings, roomOf } from './testing.ts';

async function storedStatus(conversationId: string): Promise<string | undefined> {
  const { db, close } = openDatabase(env);
  try {
    const [row] = await db.select({ status: conversations.status }).from(conversations).where(eq(conversations.id, conversationId));
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
