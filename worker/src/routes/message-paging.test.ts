import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { PAGE_LIMITS } from '../contract/index.ts';
import { openDatabase } from '../db/client.ts';
import { messages } from '../db/schema/index.ts';
import { signedInClient, testClient } from '../testing/client.ts';
import { createConversation } from '../testing/conversations.ts';

const TOTAL = 2500;

/** Writes `count` finished messages as the room's outbox does (seq and author in the metadata), in batches of 500. */
async function insertConversation(conversationId: string, count: number): Promise<void> {
  const { db, close } = openDatabase(env);
  try {
    for (let from = 0; from < count; from += 500) {
      const rows = Array.from({ length: Math.min(500, count - from) }, (_, index) => {
        const seq = from + index;
        return {
          conversationId,
          senderType: 'ai' as const,
          senderId: 'demo/demo-voice',
          persona: 'comedian',
          content: `Message ${seq}`,
          metadata: { seq, author: 'The Comedian' },
        };
      });
      await db.insert(messages).values(rows);
    }
  } finally {
    await close();
  }
}

type Page = { messages: { content: string; order: number; metadata: { seq: number } }[]; nextCursor: number | null };

/** Follows nextCursor from the first page to the last, as the web app does; counts the requests. */
async function readAll(conversationId: string, order: 'asc' | 'desc') {
  const client = testClient();
  const seen: number[] = [];
  let cursor: number | null = null;
  let requests = 0;
  do {
    const query: string = `order=${order}&limit=${PAGE_LIMITS.messages.max}${cursor === null ? '' : `&cursor=${cursor}`}`;
    const response = await client.get(`/api/conversations/${conversationId}/messages?${query}`);
    expect(response.status, response.text).toBe(200);
    const page: Page = response.body;
    requests += 1;
    expect(page.messages.length).toBeLessThanOrEqual(PAGE_LIMITS.messages.max);
    seen.push(...page.messages.map((message) => message.metadata.seq));
    cursor = page.nextCursor;
  } while (cursor !== null && requests <= TOTAL);
  return { seen, requests };
}

describe('paging a conversation of 2,500 messages', () => {
  it('reaches every message forwards from the first and backwards from the newest to the first', async () => {
    const id = await createConversation(await signedInClient());
    await insertConversation(id, TOTAL);
    const every = Array.from({ length: TOTAL }, (_, seq) => seq);

    const forwards = await readAll(id, 'asc');
    expect(forwards.seen).toEqual(every);
    expect(forwards.requests).toBe(TOTAL / PAGE_LIMITS.messages.max);

    const backwards = await readAll(id, 'desc');
    expect(backwards.seen).toEqual(every.toReversed());
    expect(backwards.seen.at(-1)).toBe(0);
  });
});
