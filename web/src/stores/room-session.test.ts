import { createRoot } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomMessage } from '../../../worker/src/contract/index.ts';
import type { StoredMessage } from '../lib/room-history.ts';
import { fakeSockets, ManualTimers } from '../testing/fake-room-socket.ts';
import { aiMessage, snapshot } from '../testing/room-frames.ts';
import { createRoomSession, type RoomSession } from './room-session.ts';

/** A long conversation: Postgres holds seq 0..2497, the room has sent 2498 and 2499 but its outbox has not flushed them yet. */
const TOTAL = 2500;
const STORED = TOTAL - 2;

function stored(seq: number): StoredMessage {
  const message = aiMessage(seq, 'comedian', `Message ${seq}`);
  return {
    ...message,
    id: message.id,
    order: 1000 + seq,
    metadata: { ...message.metadata, seq, author: message.author },
  };
}

const database = Array.from({ length: STORED }, (_, seq) => stored(seq));
let pageRequests = 0;

/** `GET /api/conversations/:id/messages` as the Worker pages it (conversations/store.ts listMessages): by order, cursor exclusive, at most 100. */
function messagesPage(url: URL): Response {
  pageRequests += 1;
  const limit = Number(url.searchParams.get('limit') ?? 50);
  if (limit > 100) return Response.json({ error: { code: 'validation_failed', message: 'limit' } }, { status: 400 });
  const ascending = url.searchParams.get('order') !== 'desc';
  const cursor = url.searchParams.has('cursor') ? Number(url.searchParams.get('cursor')) : null;
  const ordered = ascending ? database : [...database].reverse();
  const after = ordered.filter((row) => cursor === null || (ascending ? row.order > cursor : row.order < cursor));
  const page = after.slice(0, limit);
  return Response.json({ messages: page, nextCursor: after.length > limit ? page.at(-1)!.order : null });
}

beforeEach(() => {
  pageRequests = 0;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost');
    if (url.pathname === '/api/conversations/c1/messages') return messagesPage(url);
    return Response.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 });
  });
});
afterEach(() => vi.unstubAllGlobals());

/** A session whose socket delivered the room's snapshot: the newest 50 messages, older ones left to the REST API. */
function openSession(): { session: RoomSession; dispose: () => void } {
  const fakes = fakeSockets();
  return createRoot((dispose) => {
    const session = createRoomSession('c1', {
      createSocket: fakes.createSocket,
      timers: new ManualTimers(),
      random: () => 0.5,
      location: { protocol: 'http:', host: 'localhost' },
    });
    fakes.latest().open();
    const recent = Array.from({ length: 50 }, (_, index) =>
      aiMessage(TOTAL - 50 + index, 'comedian', `Message ${TOTAL - 50 + index}`),
    );
    fakes.latest().push(snapshot(TOTAL + 10, recent, { hasEarlier: true }));
    return {
      session,
      dispose: () => {
        session.close();
        dispose();
      },
    };
  });
}

const seqs = (messages: readonly RoomMessage[]) => messages.map((message) => message.seq);
const everySeq = Array.from({ length: TOTAL }, (_, seq) => seq);

describe('a room session of a conversation with 2,500 messages', () => {
  it('exports every message: all the stored pages, then what the room sent since', async () => {
    const { session, dispose } = openSession();
    const all = await session.allMessages();
    expect(all).toHaveLength(TOTAL);
    expect(seqs(all)).toEqual(everySeq);
    expect(all[0]!.content).toBe('Message 0');
    // The view stays as the room drew it: an export does not load 2,500 messages into the page.
    expect(session.view().messages).toHaveLength(50);
    dispose();
  });

  it('pages "Load earlier" back to the first message, a page at a time', async () => {
    const { session, dispose } = openSession();
    let clicks = 0;
    while (session.view().hasEarlier) {
      const before = session.view().messages.length;
      await session.loadEarlier();
      clicks += 1;
      expect(session.view().messages.length).toBeGreaterThan(before);
      expect(clicks).toBeLessThanOrEqual(TOTAL / 100 + 1);
    }
    expect(seqs(session.view().messages)).toEqual(everySeq);
    expect(session.view().messages[0]!.content).toBe('Message 0');
    // One request per page of 100, the first of which overlaps what the snapshot showed.
    expect(pageRequests).toBe(Math.ceil(STORED / 100));
    dispose();
  });
});
