import { env } from 'cloudflare:workers';
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { conversations, providerCalls } from '../db/schema/index.ts';
import type { SequencedFrame, ServerFrame } from '../contract/index.ts';
import {
  connectViewer,
  createConversation,
  cutOffPostgres,
  demoSettings,
  finished,
  insideRoom,
  isSequenced,
  isStopped,
  ofType,
  openRoom,
  postgresMessages,
  reachablePostgres,
  roomOf,
} from './testing.ts';

const seqs = (frames: ServerFrame[]) => frames.filter(isSequenced).map((frame) => frame.seq);

async function providerCallCount(conversationId: string): Promise<number> {
  const { db, close } = openDatabase(env);
  try {
    return (await db.select().from(providerCalls).where(eq(providerCalls.conversationId, conversationId))).length;
  } finally {
    await close();
  }
}

describe('resuming a viewer', () => {
  it('gives a viewer that drops mid-message exactly the frames it missed, the streaming message included', async () => {
    const id = await createConversation();
    const room = roomOf(id);
    await room.configure(demoSettings(id, { maxTurns: 6 }));
    const witness = await connectViewer(id);
    await witness.next(ofType('snapshot'));
    await room.start();

    // Drop after the second delta of a turn, miss a frame or two, reconnect; repeat each turn until one replay lands mid-message.
    const received: SequencedFrame[] = [];
    let midMessageReplays = 0;
    let viewer = await connectViewer(id, { lastSeq: 0 });
    for (let turn = 1; turn <= 6 && midMessageReplays === 0; turn++) {
      const start = viewer.frames.length;
      await viewer.until(
        (frames) =>
          frames.slice(start).filter((frame) => frame.type === 'message-delta').length >= 2 || isStopped(frames),
      );
      if (isStopped(viewer.frames)) break;
      received.push(...viewer.frames.filter(isSequenced));
      viewer.close();
      const lastSeq = received.at(-1)!.seq;
      // Miss a couple of frames before coming back.
      await witness.until((frames) => frames.some((frame) => isSequenced(frame) && frame.seq >= lastSeq + 2));
      viewer = await connectViewer(id, { lastSeq });
      const replay = await viewer.until((frames) => frames.some((frame) => frame.type === 'state'));
      const replayed = replay
        .slice(
          0,
          replay.findIndex((frame) => frame.type === 'state'),
        )
        .filter(isSequenced);
      expect(replayed[0]?.seq ?? lastSeq + 1).toBe(lastSeq + 1);
      if (
        replayed.some((frame) => frame.type === 'message-delta') &&
        !replayed.some((frame) => frame.type === 'message-end')
      )
        midMessageReplays += 1;
      await viewer.until((frames) => frames.some((frame) => frame.type === 'message-end'));
      received.push(...viewer.frames.filter(isSequenced));
      viewer.frames.length = 0;
    }
    expect(midMessageReplays).toBe(1);
    await witness.until(isStopped);
    await viewer.until(isStopped);
    received.push(...viewer.frames.filter(isSequenced));
    expect(viewer.frames.some((frame) => frame.type === 'snapshot')).toBe(false);
    expect(JSON.stringify(received)).toBe(JSON.stringify(witness.frames.filter(isSequenced)));
    witness.close();
    viewer.close();
  });

  it('answers a resume frame on an open socket, and sends a snapshot when it cannot replay', async () => {
    const { id, room, viewer } = await openRoom({ maxTurns: 2 });
    await room.start();
    await viewer.until(isStopped);
    const all = viewer.frames.filter(isSequenced);
    const messages = finished(viewer);
    const from = viewer.frames.length;
    viewer.socket.send(JSON.stringify({ type: 'resume', lastSeq: all[4]!.seq }));
    await viewer.until((frames) => frames.slice(from).some((frame) => frame.type === 'state'));
    expect(JSON.stringify(viewer.frames.slice(from).filter(isSequenced))).toBe(JSON.stringify(all.slice(5)));

    const ahead = await connectViewer(id, { lastSeq: all.at(-1)!.seq + 50 });
    expect(await ahead.next(ofType('snapshot'))).toMatchObject({ seq: all.at(-1)!.seq, messages });
    await insideRoom(id, (conversation) => conversation.store.sql.exec('DELETE FROM room_frames WHERE seq <= 3'));
    const behind = await connectViewer(id, { lastSeq: 1 });
    expect((await behind.next(ofType('snapshot'))).messages).toHaveLength(2);
    for (const socket of [viewer, ahead, behind]) socket.close();
  });
});

describe('the schedule', () => {
  it('takes each turn once however often the alarm fires', async () => {
    const { id, room, viewer } = await openRoom({ maxTurns: 4 });
    await room.start();
    let fired = 0;
    while (!isStopped(viewer.frames)) {
      await Promise.all([
        runDurableObjectAlarm(room),
        runDurableObjectAlarm(room),
        new Promise((resolve) => setTimeout(resolve, 15)),
      ]);
      fired += 2;
    }
    // At least two rounds of two concurrent alarms while the turns ran (how many more depends on the machine's speed).
    expect(fired).toBeGreaterThanOrEqual(4);
    expect(finished(viewer).map((message) => message.metadata.turn)).toEqual([1, 2, 3, 4]);
    const typing = viewer.frames
      .filter((frame) => frame.type === 'typing-start' || frame.type === 'typing-end')
      .map((frame) => frame.type);
    expect(typing).toEqual(Array.from({ length: 4 }, () => ['typing-start', 'typing-end']).flat());
    expect(await room.state()).toMatchObject({ status: 'stopped', turns: 4 });
    // Once the outbox has drained, no task is left: no alarm.
    await expect.poll(() => insideRoom(id, (conversation) => conversation.outbox.hasWork())).toBe(false);
    expect(await runDurableObjectAlarm(room)).toBe(false);
    viewer.close();
  });

  it('resumes its schedule from the alarm after an eviction, with the same viewers', async () => {
    const { id, room, viewer } = await openRoom({ maxTurns: 4 });
    await room.start();
    await viewer.next(ofType('message-end'));
    await evictDurableObject(room);
    await viewer.until(isStopped);
    const turns = finished(viewer).map((message) => message.metadata.turn);
    const discarded = viewer.frames.filter(ofType('message-discard'));
    expect(turns).toEqual([1, 2, 3, 4]);
    expect(discarded.every((frame) => frame.reason === 'interrupted')).toBe(true);
    expect(await insideRoom(id, (conversation) => conversation.store.messageCount())).toBe(4);
    viewer.close();
  });

  it('after dying mid-message, is woken by its watchdog alarm, discards the lost message and takes the turn again', async () => {
    const { id, room, viewer } = await openRoom({ maxTurns: 2 });
    await room.start();
    const delta = await viewer.next(ofType('message-delta'));
    await runInDurableObject(room, (_instance, state) => state.abort('a simulated crash')).catch(() => {});
    // Only the alarm armed before the crash can bring the room back: fire it (through a new stub: the old one broke with the room).
    expect(await runDurableObjectAlarm(roomOf(id))).toBe(true);
    const resumed = await connectViewer(id, { lastSeq: delta.seq });
    await resumed.until(isStopped);
    const interrupted = resumed.frames.find(ofType('message-discard'));
    expect(interrupted).toMatchObject({ messageId: delta.messageId, reason: 'interrupted' });
    expect(interrupted!.seq).toBeGreaterThan(delta.seq);
    const typingEnd = resumed.frames.find(ofType('typing-end'));
    expect(typingEnd).toMatchObject({ persona: 'philosopher', seq: interrupted!.seq - 1 });
    expect(finished(resumed).map((message) => [message.metadata.turn, message.persona])).toEqual([
      [1, 'philosopher'],
      [2, 'comedian'],
    ]);
    const after = seqs(resumed.frames);
    expect(after).toEqual(after.map((_, index) => typingEnd!.seq + index));
    expect(await roomOf(id).state()).toMatchObject({ status: 'stopped', turns: 2 });
    viewer.close();
    resumed.close();
  });
});

describe('the outbox', () => {
  it('settles the rows of a conversation deleted while they waited: messages dropped, calls kept without it', async () => {
    const id = await createConversation();
    const room = roomOf(id);
    await room.configure(demoSettings(id, { maxTurns: 2 }));
    await insideRoom(id, (conversation) => {
      conversation.useDependencies(cutOffPostgres());
    });
    const viewer = await connectViewer(id);
    await room.start();
    await viewer.until(isStopped);
    const callIds = await insideRoom(id, (conversation) =>
      conversation.store.sql
        .exec<{ body: string }>("SELECT body FROM room_outbox WHERE kind = 'provider-call'")
        .toArray()
        .map((row) => z.object({ id: z.string() }).parse(JSON.parse(row.body)).id),
    );
    expect(callIds).toHaveLength(2);

    const { db, close } = openDatabase(env);
    await db.delete(conversations).where(eq(conversations.id, id));
    await insideRoom(id, async (conversation) => {
      conversation.useDependencies(reachablePostgres());
      await conversation.flushOutbox();
      expect([conversation.outbox.pending(), conversation.outbox.failures()]).toEqual([0, 0]);
    });
    expect(await postgresMessages(id)).toEqual([]);
    const calls = await db.select().from(providerCalls).where(inArray(providerCalls.id, callIds));
    expect(calls.map((call) => call.conversationId)).toEqual([null, null]);
    await close();
    viewer.close();
  });

  it('loses nothing while Postgres is down, drains once it is back, and writes nothing twice', async () => {
    const id = await createConversation();
    const room = roomOf(id);
    await room.configure(demoSettings(id, { maxTurns: 3 }));
    await insideRoom(id, (conversation) => {
      conversation.useDependencies(cutOffPostgres());
    });
    const viewer = await connectViewer(id);
    await room.start();
    await viewer.until(isStopped);
    const messages = finished(viewer);
    expect(messages).toHaveLength(3);

    const during = await insideRoom(id, (conversation) => ({
      stored: conversation.store.messageCount(),
      pending: conversation.outbox.pending(),
      failures: conversation.outbox.failures(),
      retryAt: conversation.schedule.dueAt('outbox'),
      rows: conversation.store.sql
        .exec<{ id: string; kind: string; body: string; created_at: number }>('SELECT * FROM room_outbox')
        .toArray(),
    }));
    expect(during).toMatchObject({ stored: 3, pending: 6, retryAt: expect.any(Number) });
    expect(during.failures).toBeGreaterThanOrEqual(1);
    expect(await postgresMessages(id)).toEqual([]);

    await insideRoom(id, async (conversation) => {
      conversation.useDependencies(reachablePostgres());
      await conversation.schedule.at('outbox', Date.now());
    });
    await runDurableObjectAlarm(room);
    await expect
      .poll(() =>
        insideRoom(id, (conversation) => [
          conversation.outbox.pending(),
          conversation.outbox.failures(),
          conversation.schedule.dueAt('outbox'),
        ]),
      )
      .toEqual([0, 0, null]);
    const rows = await postgresMessages(id);
    expect(rows.map((row) => row.id)).toEqual(messages.map((message) => message.id));
    expect(rows.map((row) => row.content)).toEqual(messages.map((message) => message.content));
    expect(await providerCallCount(id)).toBe(3);

    // A crash between the insert and the delete leaves the rows behind: writing them again changes nothing.
    await insideRoom(id, async (conversation) => {
      for (const row of during.rows) {
        conversation.store.sql.exec(
          'INSERT INTO room_outbox (id, kind, body, created_at) VALUES (?, ?, ?, ?)',
          row.id,
          row.kind,
          row.body,
          row.created_at,
        );
      }
      await conversation.flushOutbox();
      expect(conversation.outbox.pending()).toBe(0);
    });
    expect((await postgresMessages(id)).map((row) => row.id)).toEqual(messages.map((message) => message.id));
    expect(await providerCallCount(id)).toBe(3);
    viewer.close();
  });
});
