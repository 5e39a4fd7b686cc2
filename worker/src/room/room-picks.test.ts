import { evictDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { conversations, roundPicks } from '../db/schema/index.ts';
import type { ServerFrame } from '../contract/index.ts';
import {
  connectViewer,
  createConversation,
  demoPersonas,
  demoSettings,
  finished,
  insideRoom,
  isStopped,
  ofType,
  roomOf,
  type TestViewer,
} from './testing.ts';

const { db, close } = openDatabase(env);
afterAll(() => close());

/** Three personas in sequence: every third AI message ends a round. */
const personas = demoPersonas().slice(0, 3);

/** A room of three personas, made unlisted (only public rooms count: its picks must not move other tests' leaderboards), with viewers watching; ran for `turns` turns. */
async function roomAfterTurns(turns: number, viewers: Parameters<typeof connectViewer>[1][]) {
  const id = await createConversation('Picks');
  await db.update(conversations).set({ visibility: 'unlisted' }).where(eq(conversations.id, id));
  const room = roomOf(id);
  await room.configure(demoSettings(id, { personas, maxTurns: turns }));
  const watching = await Promise.all(viewers.map((options) => connectViewer(id, options)));
  await room.start();
  await watching[0]!.until(isStopped);
  return { id, watching };
}

const errors = (viewer: TestViewer) => viewer.frames.filter(ofType('error'));

function send(viewer: TestViewer, frame: Record<string, unknown>): void {
  viewer.socket.send(JSON.stringify(frame));
}

describe('rounds and the pick of their best message', () => {
  it('ends a round when every persona has spoken once: its messages carry the round, and pick-open lists them', async () => {
    const { watching } = await roomAfterTurns(4, [{}]);
    const viewer = watching[0]!;
    const ai = finished(viewer).filter((message) => message.senderType === 'ai');
    expect(ai.map((message) => message.metadata.round)).toEqual([1, 1, 1, 2]);
    const opens = viewer.frames.filter(ofType('pick-open'));
    expect(opens).toEqual([
      { type: 'pick-open', round: 1, messageIds: ai.slice(0, 3).map((message) => message.id), counts: {} },
    ]);
    // The pick opens once its round's last message has ended, not before.
    const endOfThird = viewer.frames.findIndex(
      (frame: ServerFrame) => frame.type === 'message-end' && frame.message.id === ai[2]!.id,
    );
    expect(viewer.frames.indexOf(opens[0]!)).toBeGreaterThan(endOfThird);
    viewer.close();
  });

  it('counts a signed-in pick once across sockets, refuses the anonymous, another round and a message outside it, and writes the pick behind with its rivals', async () => {
    const user = { userId: crypto.randomUUID(), username: 'picker' };
    const { id, watching } = await roomAfterTurns(3, [{ viewer: user }, { viewer: user }, {}]);
    const [first, second, anonymous] = watching as [TestViewer, TestViewer, TestViewer];
    const open = await first.next(ofType('pick-open'));
    const [m0, m1, m2] = open.messageIds as [string, string, string];

    send(first, { type: 'pick', round: 1, messageId: m1 });
    const tally = await second.next(ofType('pick-tally'));
    expect(tally).toEqual({ type: 'pick-tally', round: 1, counts: { [m1]: 1 } });

    send(second, { type: 'pick', round: 1, messageId: m0 });
    send(first, { type: 'pick', round: 2, messageId: m0 });
    send(first, { type: 'pick', round: 1, messageId: crypto.randomUUID() });
    send(anonymous, { type: 'pick', round: 1, messageId: m0 });
    await second.until(() => errors(second).length === 1);
    await first.until(() => errors(first).length === 2);
    await anonymous.until(() => errors(anonymous).length === 1);
    expect(errors(second)[0]).toMatchObject({ code: 'not_open', message: expect.stringContaining('already picked') });
    expect(errors(first).map((frame) => frame.code)).toEqual(['not_open', 'not_open']);
    expect(errors(anonymous)[0]).toMatchObject({ code: 'sign_in_required' });

    const audience = await insideRoom(id, (room) => ({
      user: room.audience.picks.audience(user),
      stranger: room.audience.picks.audience(null),
    }));
    expect(audience.user).toEqual({ pick: { round: 1, messageIds: [m0, m1, m2], counts: { [m1]: 1 } }, mine: m1 });
    expect(audience.stranger.mine).toBeNull();

    await expect
      .poll(() => db.select().from(roundPicks).where(eq(roundPicks.conversationId, id)), { timeout: 20_000 })
      .toHaveLength(1);
    const [row] = await db.select().from(roundPicks).where(eq(roundPicks.conversationId, id));
    expect(row).toMatchObject({ round: 1, userId: user.userId, messageId: m1 });
    expect([...row!.rivals].sort()).toEqual([m0, m2].sort());
    // One pick, one tally: the refused picks changed nothing.
    expect(first.frames.filter(ofType('pick-tally'))).toHaveLength(1);
    for (const viewer of watching) viewer.close();
  });

  it('keeps the open pick and its picks through an eviction, and writes each pick to Postgres once', async () => {
    const [early, late] = [0, 1].map(() => ({ userId: crypto.randomUUID(), username: 'picker' }));
    const { id, watching } = await roomAfterTurns(3, [{ viewer: early! }]);
    const open = await watching[0]!.next(ofType('pick-open'));
    send(watching[0]!, { type: 'pick', round: 1, messageId: open.messageIds[0] });
    await watching[0]!.next(ofType('pick-tally'));
    watching[0]!.close();
    await evictDurableObject(roomOf(id));

    const again = await connectViewer(id, { viewer: early! });
    send(again, { type: 'pick', round: 1, messageId: open.messageIds[1] });
    await again.until(() => errors(again).length === 1);
    expect(errors(again)[0]).toMatchObject({ code: 'not_open', message: expect.stringContaining('already picked') });
    const other = await connectViewer(id, { viewer: late! });
    send(other, { type: 'pick', round: 1, messageId: open.messageIds[1] });
    const tally = await other.next(ofType('pick-tally'));
    expect(tally.counts).toEqual({ [open.messageIds[0]!]: 1, [open.messageIds[1]!]: 1 });

    await insideRoom(id, async (room) => {
      await room.flushOutbox();
      await room.flushOutbox();
    });
    const rows = await db.select().from(roundPicks).where(eq(roundPicks.conversationId, id));
    expect(rows.map((row) => row.userId).sort()).toEqual([early!.userId, late!.userId].sort());
    again.close();
    other.close();
  });

  it('spends the pick budget of a signed-in viewer on every pick frame, refused or not; an anonymous one is refused before any count', async () => {
    const id = await createConversation('Pick budget');
    await roomOf(id).configure(demoSettings(id, { personas }));
    const viewer = await connectViewer(id, { viewer: { userId: crypto.randomUUID(), username: 'budget-picker' } });
    for (let i = 0; i < 11; i++) send(viewer, { type: 'pick', round: 1, messageId: crypto.randomUUID() });
    await viewer.until(() => errors(viewer).length === 11);
    const codes = errors(viewer).map((frame) => frame.code);
    expect(codes.slice(0, 10)).toEqual(new Array(10).fill('not_open'));
    expect(codes[10]).toBe('rate_limited');
    const anonymous = await connectViewer(id);
    for (let i = 0; i < 11; i++) send(anonymous, { type: 'pick', round: 1, messageId: crypto.randomUUID() });
    await anonymous.until(() => errors(anonymous).length === 11);
    expect(errors(anonymous).map((frame) => frame.code)).toEqual(new Array(11).fill('sign_in_required'));
    anonymous.close();
    viewer.close();
  });
});
