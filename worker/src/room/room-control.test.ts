import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { RoomResult } from './contract.ts';
import { ROOM_INTERNALS, type ConversationRoom } from './room.ts';
import { createConversation, demoSettings, postgresMessages, roomOf } from './testing.ts';

/** The refusal a room call answers across RPC (its code and message), or null when it was accepted. */
async function refusal(call: Promise<RoomResult<unknown>>) {
  const result = await call;
  return result.ok ? null : { code: result.code, message: result.message };
}

describe('the room RPC control surface', () => {
  it('goes idle → running → paused → running → stopped and reports each state', async () => {
    const id = await createConversation();
    const room = roomOf(id);
    expect(await room.state()).toMatchObject({
      status: 'idle',
      turns: 0,
      costUsd: 0,
      viewers: 0,
      lastSeq: 0,
      speaking: null,
      stopReason: null,
      idlePaused: false,
    });
    expect(await room.configure(demoSettings(id))).toMatchObject({ ok: true, value: { status: 'idle' } });
    expect(await room.start()).toMatchObject({ ok: true, value: { status: 'running' } });
    expect(await room.pause()).toMatchObject({ ok: true, value: { status: 'paused', idlePaused: false } });
    expect(await room.resume()).toMatchObject({ ok: true, value: { status: 'running' } });
    expect(await room.stop()).toMatchObject({ ok: true, value: { status: 'stopped', stopReason: 'owner' } });
    expect(await room.state()).toMatchObject({ status: 'stopped', stopReason: 'owner' });
  });

  it('refuses bad transitions with a code the caller reads back across RPC', async () => {
    const id = await createConversation();
    const room = roomOf(id);
    expect(await refusal(room.start())).toMatchObject({ code: 'not_configured' });
    expect(await refusal(room.interject({ userId: 'u1', username: 'ada', text: 'hello?' }))).toMatchObject({
      code: 'not_configured',
    });
    await room.configure(demoSettings(id));
    expect(await refusal(room.pause())).toEqual({
      code: 'invalid_transition',
      message: 'Cannot pause a room that is idle.',
    });
    expect(await refusal(room.resume())).toMatchObject({ code: 'invalid_transition' });
    await room.start();
    expect(await refusal(room.start())).toMatchObject({ code: 'invalid_transition' });
    expect(await refusal(room.configure(demoSettings(id)))).toEqual({
      code: 'invalid_transition',
      message: 'Cannot reconfigure a room that is running.',
    });
    await room.stop();
    expect(await refusal(room.stop())).toMatchObject({ code: 'invalid_transition' });
    expect(await refusal(room.interject({ userId: 'u1', username: 'ada', text: 'too late' }))).toMatchObject({
      code: 'invalid_transition',
    });
  });

  it('refuses invalid settings naming the field, and settings of another conversation', async () => {
    const id = await createConversation();
    const room = roomOf(id);
    const [philosopher] = demoSettings(id).personas;
    expect(await refusal(room.configure(demoSettings(id, { personas: [philosopher!] })))).toMatchObject({
      code: 'invalid_settings',
      message: expect.stringMatching(/^personas: /),
    });
    expect(await refusal(room.configure(demoSettings(id, { personas: [philosopher!, philosopher!] })))).toMatchObject({
      code: 'invalid_settings',
      message: 'personas: persona names must be distinct',
    });
    expect(await refusal(room.configure(demoSettings(id, { maxTurns: 0 })))).toMatchObject({
      code: 'invalid_settings',
      message: expect.stringMatching(/^maxTurns: /),
    });
    // @ts-expect-error an unknown mode, on purpose
    expect(await refusal(room.configure({ ...demoSettings(id), mode: 'chaotic' }))).toMatchObject({
      code: 'invalid_settings',
      message: expect.stringMatching(/^mode: /),
    });
    await room.configure(demoSettings(id));
    expect(await refusal(room.configure(demoSettings(crypto.randomUUID())))).toMatchObject({
      code: 'invalid_settings',
      message: expect.stringMatching(/^conversationId: /),
    });
    expect(await refusal(room.interject({ userId: 'u1', username: 'ada', text: '   ' }))).toMatchObject({
      code: 'invalid_interjection',
      message: expect.stringMatching(/^text: /),
    });
  });

  it('keeps its settings and state in storage across an eviction', async () => {
    const id = await createConversation();
    const room = roomOf(id);
    await room.configure(demoSettings(id, { title: 'Survives' }));
    await room.start();
    await room.pause();
    await evictDurableObject(room);
    expect(await room.state()).toMatchObject({ status: 'paused' });
    const settings = await runInDurableObject(room, (instance: ConversationRoom) =>
      instance[ROOM_INTERNALS].store.settings(),
    );
    expect(settings?.title).toBe('Survives');
  });

  it('stores an interjection as a message, returns its seq, and copies it to Postgres', async () => {
    const id = await createConversation();
    const room = roomOf(id);
    await room.configure(demoSettings(id));
    const accepted = await room.interject({ userId: 'u1', username: 'ada', text: 'What about hot chocolate?' });
    const seq = accepted.ok ? accepted.value.seq : null;
    expect(seq).toBe(1);
    expect(await room.state()).toMatchObject({ lastSeq: 1 });
    const stored = await runInDurableObject(room, (instance: ConversationRoom) =>
      instance[ROOM_INTERNALS].store.recentMessages(10),
    );
    expect(stored).toEqual([
      expect.objectContaining({
        seq: 1,
        senderType: 'user',
        senderId: 'u1',
        author: 'ada',
        content: 'What about hot chocolate?',
      }),
    ]);
    await runInDurableObject(room, (instance: ConversationRoom) => instance[ROOM_INTERNALS].flushOutbox());
    const rows = await postgresMessages(id);
    expect(rows).toEqual([
      expect.objectContaining({
        id: stored[0]!.id,
        senderType: 'user',
        senderId: 'u1',
        content: 'What about hot chocolate?',
        metadata: { seq: 1, author: 'ada' },
      }),
    ]);
  });
});
