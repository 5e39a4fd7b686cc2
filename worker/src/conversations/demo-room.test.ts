import { runDurableObjectAlarm } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { conversations, messages } from '../db/schema/index.ts';
import { invalidateLobby } from '../cache/json-cache.ts';
import { openRedis } from '../cache/redis.ts';
import { readConfig, type Services } from '../env.ts';
import { DEMO_MODEL } from '../providers/demo/demo.ts';
import { connectViewer, insideRoom, ofType, roomOf as roomStub } from '../room/testing.ts';
import { signedInClient, testClient, testEnv } from '../testing/client.ts';
import { DEMO_ROUND_TURNS, demoConversation, ensureDemoRoom } from './demo-room.ts';
import { roomOf } from './room-control.ts';
import { DEMO_CONVERSATION_ID } from './schema.ts';
import { conversationValues } from './store.ts';

async function demoRows() {
  const { db, close } = openDatabase(env);
  try {
    return await db.select().from(conversations).where(eq(conversations.id, DEMO_CONVERSATION_ID));
  } finally {
    await close();
  }
}

/** Removes the demo conversation (its room keeps its own state), as on a fresh database. */
async function deleteDemo() {
  const { db, close } = openDatabase(env);
  try {
    await db.delete(messages).where(eq(messages.conversationId, DEMO_CONVERSATION_ID));
    await db.delete(conversations).where(eq(conversations.id, DEMO_CONVERSATION_ID));
  } finally {
    await close();
  }
}

describe('the demo room', () => {
  it('is created once by concurrent lobby reads, started on the demo provider, and labelled demo', async () => {
    await deleteDemo();
    const reads = await Promise.all(Array.from({ length: 6 }, () => testClient().get('/api/conversations')));
    for (const read of reads) {
      expect(read.status, read.text).toBe(200);
      const demos = read.body.conversations.filter((row: { demo: boolean }) => row.demo);
      expect(demos).toHaveLength(1);
      expect(demos[0]).toMatchObject({
        id: DEMO_CONVERSATION_ID,
        visibility: 'public',
        owner: null,
        mode: 'context-aware',
      });
      expect(
        demos[0].personas.map((persona: { name: string; provider: string; model: string }) => [
          persona.name,
          persona.provider,
          persona.model,
        ]),
      ).toEqual([
        ['philosopher', 'demo', DEMO_MODEL],
        ['comedian', 'demo', DEMO_MODEL],
        ['scientist', 'demo', DEMO_MODEL],
      ]);
    }
    expect(await demoRows()).toHaveLength(1);
    const state = await roomOf(env, DEMO_CONVERSATION_ID).state();
    expect(['running', 'paused']).toContain(state.status);
    expect(state.stopReason).toBeNull();
    // Its live details come from the room: a viewer shows in the lobby.
    const viewer = await connectViewer(DEMO_CONVERSATION_ID);
    await viewer.next(ofType('snapshot'));
    const lobby = await testClient().get('/api/conversations');
    const demo = lobby.body.conversations.find((row: { id: string }) => row.id === DEMO_CONVERSATION_ID);
    expect(demo).toMatchObject({ status: 'running', live: { viewers: 1, idlePaused: false } });
    viewer.close();
  });

  it("is shown live by the lobby's first answer on a fresh install, though Postgres still lists it idle", async () => {
    await deleteDemo();
    // As a first read's insert leaves it: the row idle (its room's outbox has not reported yet), the room not running.
    const { db, close } = openDatabase(env);
    await db
      .insert(conversations)
      .values({ id: DEMO_CONVERSATION_ID, userId: null, ...conversationValues(demoConversation()) });
    await close();
    const config = readConfig(testEnv);
    await invalidateLobby({ config, redis: openRedis(config) });
    await roomOf(env, DEMO_CONVERSATION_ID).stop();
    const first = await testClient().get('/api/conversations');
    expect(first.status).toBe(200);
    const demo = first.body.conversations.find((row: { id: string }) => row.id === DEMO_CONVERSATION_ID);
    expect(demo).toMatchObject({ status: 'running', live: { idlePaused: false } });
  });

  it('continues its rounds while a viewer watches it, with no lobby read', async () => {
    await testClient().get('/api/conversations');
    const viewer = await connectViewer(DEMO_CONVERSATION_ID);
    await viewer.next(ofType('snapshot'));
    const room = roomOf(env, DEMO_CONVERSATION_ID);
    // Its round is over a few turns from now: the room continues on its own.
    const { turns } = await room.state();
    await insideRoom(DEMO_CONVERSATION_ID, (conversation) => {
      const settings = conversation.store.settings()!;
      expect(settings.roundTurns).toBe(DEMO_ROUND_TURNS);
      conversation.store.writeSettings({ ...settings, maxTurns: turns + 1 });
    });
    await viewer.until(
      (frames) => frames.some((frame) => frame.type === 'message-end' && frame.message.metadata.turn === turns + 2),
      30_000,
    );
    expect(await room.state()).toMatchObject({ status: 'running', stopReason: null });
    expect(viewer.frames.some((frame) => frame.type === 'state' && frame.state.status === 'stopped')).toBe(false);
    viewer.close();
  });

  it('belongs to nobody: a signed-in user may not control it', async () => {
    await testClient().get('/api/conversations');
    const client = await signedInClient('demo');
    const response = await client.post(`/api/conversations/${DEMO_CONVERSATION_ID}/stop`);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('not_owner');
  });

  it('continues with another round once it has used its turns', async () => {
    await testClient().get('/api/conversations');
    const room = roomOf(env, DEMO_CONVERSATION_ID);
    // As if its round had ended (it may have ended on its own already at the tests' pace).
    await room.stop();
    const { status, turns } = await room.state();
    expect(status).toBe('stopped');
    const read = await testClient().get('/api/conversations');
    expect(read.status).toBe(200);
    expect(await room.state()).toMatchObject({ status: 'running', stopReason: null });
    expect((await demoRows())[0]).toMatchObject({ maxTurns: turns + DEMO_ROUND_TURNS });
    // Its status reaches Postgres through the room's outbox.
    await expect.poll(async () => (await demoRows())[0]?.status).toBe('running');
  });

  it('is woken by a lobby read when it paused for want of viewers, so the lobby shows someone speaking', async () => {
    await testClient().get('/api/conversations');
    const room = roomOf(env, DEMO_CONVERSATION_ID);
    await expect.poll(() => room.state().then((state) => state.status)).toBe('running');
    // Nobody watches: make its idle countdown run out now and let the alarm find it.
    await insideRoom(DEMO_CONVERSATION_ID, (conversation) => conversation.schedule.at('idle-check', Date.now()));
    await runDurableObjectAlarm(roomStub(DEMO_CONVERSATION_ID));
    expect(await room.state()).toMatchObject({ status: 'paused', idlePaused: true });

    const read = await testClient().get('/api/conversations');
    expect(read.status).toBe(200);
    expect(await room.state()).toMatchObject({ status: 'running', idlePaused: false });
    // Still nobody in the room itself: it pauses again after ROOM_IDLE_PAUSE_MS.
    expect(
      await insideRoom(DEMO_CONVERSATION_ID, (conversation) => conversation.schedule.dueAt('idle-check')),
    ).not.toBeNull();
  });

  it('is neither created nor listed when DEMO_ROOM is off', async () => {
    const offEnv = { ...testEnv, DEMO_ROOM: 'off' };
    const untouchable = {
      config: readConfig(offEnv),
      get db(): never {
        throw new Error('the demo room must not touch Postgres when off');
      },
      get redis(): never {
        throw new Error('the demo room must not touch Redis when off');
      },
    } satisfies Services;
    expect(await ensureDemoRoom(offEnv, untouchable)).toBeNull();

    await testClient().get('/api/conversations');
    expect(await demoRows()).toHaveLength(1);
    const off = await testClient().get('/api/conversations', { env: { DEMO_ROOM: 'off' } });
    expect(off.status).toBe(200);
    expect(off.body.conversations.some((row: { id: string }) => row.id === DEMO_CONVERSATION_ID)).toBe(false);
    const bad = await testClient().get('/api/conversations', { env: { DEMO_ROOM: 'maybe' } });
    expect(bad.status).toBe(500);
    expect(bad.body.error).toMatchObject({ code: 'config_invalid' });
    expect(bad.body.error.message).toContain('DEMO_ROOM');
  });
});
