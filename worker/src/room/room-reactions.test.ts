import { evictDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  AUDIENCE_FRAMES_PER_SECOND,
  MAX_CLIENT_FRAME_BYTES,
  type ReactionCounts,
  type ServerFrame,
} from '../contract/index.ts';
import { BUDGETS } from '../cache/rate-limit.ts';
import { openDatabase } from '../db/client.ts';
import { messageReactions } from '../db/schema/index.ts';
import { randomIp, testClient } from '../testing/client.ts';
import {
  connectViewer,
  finished,
  insideRoom,
  isStopped,
  ofType,
  openRoom,
  roomOf,
  type TestViewer,
} from './testing.ts';

const react = (viewer: TestViewer, messageId: string, emoji: string) =>
  viewer.socket.send(JSON.stringify({ type: 'react', messageId, emoji }));

/** Sends a frame the room must refuse, and waits for its error: every frame the socket sent before it has been handled. */
async function settled(viewer: TestViewer): Promise<void> {
  const from = viewer.frames.length;
  react(viewer, crypto.randomUUID(), '👍');
  const error = await viewer.next(ofType('error'), { from });
  expect(error.code).toBe('not_open');
}

/** A stopped room with `turns` finished messages, and the viewer that watched them. */
async function finishedRoom(turns: number) {
  const opened = await openRoom({ maxTurns: turns });
  await opened.room.start();
  await opened.viewer.until(isStopped);
  return { ...opened, messages: finished(opened.viewer).map((message) => message.id) };
}

const countsInRoom = (id: string, messageId: string) =>
  insideRoom(id, (conversation) => conversation.audience.reactions.countsOf(messageId));

/** Waits until the room has saved every reaction it counted (reactions.ts SAVE_INTERVAL_MS). */
const saved = (id: string) =>
  expect.poll(() => insideRoom(id, (conversation) => conversation.audience.reactions.unsaved())).toBe(0);

/** The counts the room's SQLite holds. */
const countsStored = (id: string, messageId: string) =>
  insideRoom(id, (conversation) =>
    Object.fromEntries(
      conversation.store.sql
        .exec<{ emoji: string; count: number }>(
          'SELECT emoji, count FROM room_reactions WHERE message_id = ?',
          messageId,
        )
        .toArray()
        .map((row) => [row.emoji, row.count]),
    ),
  );

async function countsInPostgres(messageId: string): Promise<ReactionCounts> {
  const { db, close } = openDatabase(env);
  try {
    const rows = await db.select().from(messageReactions).where(eq(messageReactions.messageId, messageId));
    return Object.fromEntries(rows.map((row) => [row.emoji, row.count]));
  } finally {
    await close();
  }
}

const reactionFrames = (frames: ServerFrame[], messageId: string) =>
  frames.filter(ofType('reactions')).filter((frame) => frame.messageId === messageId);

describe('reactions', () => {
  it('counts exactly under 200 concurrent reacting sockets, and every viewer sees the final counts', async () => {
    const { id, viewer, messages } = await finishedRoom(2);
    const [first, second] = messages as [string, string];
    const audience = await Promise.all(Array.from({ length: 200 }, () => connectViewer(id)));
    for (const socket of audience) {
      react(socket, first, '👍');
      react(socket, first, '👍');
      react(socket, first, '🔥');
      react(socket, second, '😂');
    }
    await Promise.all(audience.map(settled));
    expect(await countsInRoom(id, first)).toEqual({ '👍': 200, '🔥': 200 });
    expect(await countsInRoom(id, second)).toEqual({ '😂': 200 });
    await saved(id);
    expect(await countsStored(id, first)).toEqual({ '👍': 200, '🔥': 200 });
    const last = (frames: ServerFrame[], messageId: string) => reactionFrames(frames, messageId).at(-1)?.counts;
    await viewer.until(
      (frames) =>
        last(frames, first)?.['🔥'] === 200 &&
        last(frames, first)?.['👍'] === 200 &&
        last(frames, second)?.['😂'] === 200,
    );
    for (const socket of [viewer, ...audience]) socket.close();
  });

  it('takes one reaction of each kind per viewer: a user across sockets, an anonymous viewer per socket and per network', async () => {
    const { id, viewer, messages } = await finishedRoom(1);
    const [message] = messages as [string];
    const ada = { userId: crypto.randomUUID(), username: 'ada' };
    const [adaHere, adaThere] = [await connectViewer(id, { viewer: ada }), await connectViewer(id, { viewer: ada })];
    react(adaHere, message, '👍');
    react(adaHere, message, '🤔');
    await settled(adaHere);
    react(adaThere, message, '👍');
    await settled(adaThere);
    expect(await countsInRoom(id, message)).toEqual({ '👍': 1, '🤔': 1 });

    const ip = randomIp();
    const [home, homeAgain, elsewhere] = [
      await connectViewer(id, { ip }),
      await connectViewer(id, { ip }),
      await connectViewer(id),
    ];
    for (const socket of [home, home, homeAgain, elsewhere]) react(socket, message, '❤️');
    await Promise.all([home, homeAgain, elsewhere].map(settled));
    expect(await countsInRoom(id, message)).toEqual({ '👍': 1, '🤔': 1, '❤️': 2 });

    // What each viewer gave comes back in its audience frame: the user's on any socket, the network's on a new socket.
    const adaLater = await connectViewer(id, { viewer: ada });
    expect((await adaLater.next(ofType('audience'))).mine.reactions).toEqual({ [message]: ['👍', '🤔'] });
    const homeLater = await connectViewer(id, { ip });
    const audience = await homeLater.next(ofType('audience'));
    expect(audience.mine.reactions).toEqual({ [message]: ['❤️'] });
    expect(audience.reactions).toEqual({ [message]: { '👍': 1, '🤔': 1, '❤️': 2 } });
    for (const socket of [viewer, adaHere, adaThere, home, homeAgain, elsewhere, adaLater, homeLater]) socket.close();
  });

  it(`sends at most ${AUDIENCE_FRAMES_PER_SECOND} reactions frames a second however hard the audience reacts`, async () => {
    const { id, viewer, messages } = await finishedRoom(3);
    const audience = await Promise.all(Array.from({ length: 120 }, () => connectViewer(id)));
    const from = viewer.frames.length;
    const arrivals: number[] = [];
    viewer.socket.addEventListener('message', (event) => {
      if (String(event.data).startsWith('{"type":"reactions"')) arrivals.push(Date.now());
    });
    // Every socket nearly spends its react budget (settled spends one more): 3 messages x 3 kinds, each a new reaction.
    const kinds = ['👍', '😂', '🔥'];
    expect(messages.length * kinds.length).toBeLessThan(BUDGETS.react.anonymous.limit);
    for (const socket of audience)
      for (const message of messages) for (const kind of kinds) react(socket, message, kind);
    await Promise.all(audience.map(settled));
    const expected = Object.fromEntries(kinds.map((kind) => [kind, audience.length]));
    for (const message of messages) expect(await countsInRoom(id, message)).toEqual(expected);
    await viewer.until((frames) =>
      messages.every(
        (message) =>
          JSON.stringify(reactionFrames(frames.slice(from), message).at(-1)?.counts) === JSON.stringify(expected),
      ),
    );
    const frames = viewer.frames.slice(from).filter(ofType('reactions')).length;
    const seconds = (arrivals.at(-1)! - arrivals[0]!) / 1000;
    expect(frames).toBe(arrivals.length);
    // 1,080 reactions made this many frames: a frame per tick of 1/4 s, and the first at once.
    expect(frames).toBeLessThanOrEqual(Math.floor(seconds * AUDIENCE_FRAMES_PER_SECOND) + 1);
    expect(frames).toBeLessThan(audience.length * messages.length * kinds.length);
    for (const socket of [viewer, ...audience]) socket.close();
  });

  it('keeps counts and who gave them across a restart', async () => {
    const { id, room, viewer, messages } = await finishedRoom(1);
    const [message] = messages as [string];
    const ada = { userId: crypto.randomUUID(), username: 'ada' };
    const adaSocket = await connectViewer(id, { viewer: ada });
    react(adaSocket, message, '🤯');
    react(viewer, message, '🤯');
    await Promise.all([adaSocket, viewer].map(settled));
    await saved(id);
    await evictDurableObject(room);
    const back = await connectViewer(id, { viewer: ada });
    const snapshot = await back.next(ofType('snapshot'));
    expect(snapshot.messages.find((found) => found.id === message)?.reactions).toEqual({ '🤯': 2 });
    expect((await back.next(ofType('audience'))).mine.reactions).toEqual({ [message]: ['🤯'] });
    react(back, message, '🤯');
    await settled(back);
    expect(await countsInRoom(id, message)).toEqual({ '🤯': 2 });
    for (const socket of [viewer, adaSocket, back]) socket.close();
  });

  it('writes the counts behind to Postgres in fewer writes than reactions, and the REST API returns them', async () => {
    const { id, viewer, messages } = await finishedRoom(2);
    const [first] = messages as [string];
    await insideRoom(id, (conversation) => conversation.flushOutbox());
    const audience = await Promise.all(Array.from({ length: 30 }, () => connectViewer(id)));
    for (const socket of audience) react(socket, first, '👍');
    await Promise.all(audience.map(settled));
    await saved(id);
    // Thirty reactions, one pending row: the latest counts of the message.
    const pending = await insideRoom(id, (conversation) =>
      conversation.store.sql.exec<{ kind: string }>('SELECT kind FROM room_outbox').toArray(),
    );
    expect(pending).toEqual([{ kind: 'reactions' }]);
    // A reaction that lands while a flush writes its message's row is not lost: the replaced row waits for the next flush.
    await insideRoom(id, async (conversation) => {
      const flushing = conversation.flushOutbox();
      const late = { viewer: null, socketId: crypto.randomUUID(), network: null };
      expect(conversation.audience.reactions.react(late, first, '👍')).toBe('counted');
      conversation.audience.reactions.save();
      await flushing;
    });
    expect(await countsInPostgres(first)).toEqual({ '👍': 30 });
    expect(await insideRoom(id, (conversation) => conversation.outbox.pending())).toBe(1);
    await insideRoom(id, (conversation) => conversation.flushOutbox());
    expect(await countsInPostgres(first)).toEqual({ '👍': 31 });
    expect(await insideRoom(id, (conversation) => conversation.outbox.pending())).toBe(0);

    const response = await testClient().get(`/api/conversations/${id}/messages`);
    expect(response.status, response.text).toBe(200);
    const page: { messages: { id: string; reactions: ReactionCounts }[] } = response.body;
    expect(page.messages.map((message) => message.id)).toEqual(messages);
    expect(page.messages.map((message) => message.reactions)).toEqual(
      messages.map((message) => (message === first ? { '👍': 31 } : {})),
    );
    for (const socket of [viewer, ...audience]) socket.close();
  });

  it('refuses bad react frames with a clear error to their sender only, and counts nothing for them', async () => {
    const { id, viewer, messages } = await finishedRoom(1);
    const [message] = messages as [string];
    const sender = await connectViewer(id);
    await sender.next(ofType('audience'));
    const errors = async (raw: string) => {
      const from = sender.frames.length;
      sender.socket.send(raw);
      return sender.next(ofType('error'), { from });
    };
    // A frame that does not parse is named by nothing; an admitted one comes back as `refused`, for the page
    // to show the words beside it.
    const unparsed = await errors(JSON.stringify({ type: 'react', messageId: message, emoji: '💩' }));
    expect(unparsed).toMatchObject({ code: 'bad_frame', message: expect.stringContaining('emoji') });
    expect(unparsed).not.toHaveProperty('refused');
    expect(await errors(JSON.stringify({ type: 'react', messageId: 'no-such-message', emoji: '👍' }))).toEqual({
      type: 'error',
      code: 'not_open',
      message: expect.stringContaining('no-such-message'),
      refused: { type: 'react', messageId: 'no-such-message', emoji: '👍' },
    });
    const huge = JSON.stringify({
      type: 'react',
      messageId: message,
      emoji: '👍',
      pad: 'x'.repeat(MAX_CLIENT_FRAME_BYTES),
    });
    expect((await errors(huge)).code).toBe('frame_too_large');
    // The budget: the refused frames above spent one unit (the unknown message); then the rest, then a refusal.
    const { limit } = BUDGETS.react.anonymous;
    react(sender, message, '👍');
    for (let sent = 2; sent < limit; sent++) react(sender, message, '😂');
    const refused = await errors(JSON.stringify({ type: 'react', messageId: message, emoji: '🔥' }));
    expect(refused).toMatchObject({
      code: 'rate_limited',
      message: expect.stringContaining('react'),
      refused: { type: 'react', messageId: message, emoji: '🔥' },
    });
    expect(await countsInRoom(id, message)).toEqual({ '👍': 1, '😂': 1 });
    expect(sender.socket.readyState).toBe(WebSocket.OPEN);
    expect(viewer.frames.filter(ofType('error'))).toEqual([]);
    // The other audience frames are for signed-in viewers: refused before anything is counted.
    expect(await errors(JSON.stringify({ type: 'pick', round: 1, messageId: message }))).toMatchObject({
      code: 'sign_in_required',
      refused: { type: 'pick', round: 1, messageId: message },
    });
    for (const socket of [viewer, sender]) socket.close();
  });
});

describe('the audience frame', () => {
  it('follows a replay on resume too, with the counts of the recent messages', async () => {
    const { id, viewer, messages } = await finishedRoom(1);
    const [message] = messages as [string];
    react(viewer, message, '👍');
    await settled(viewer);
    const { lastSeq } = await roomOf(id).state();
    const resumed = await connectViewer(id, { lastSeq });
    const frames = await resumed.until((all) => all.some((frame) => frame.type === 'audience'));
    expect(frames.map((frame) => frame.type).slice(0, 2)).toEqual(['state', 'audience']);
    expect(frames.find((frame) => frame.type === 'audience')).toMatchObject({
      reactions: { [message]: { '👍': 1 } },
      vote: null,
      suggestions: [],
      pick: null,
      mine: { reactions: {}, vote: null, upvoted: [], pick: null },
    });
    for (const socket of [viewer, resumed]) socket.close();
  });
});
