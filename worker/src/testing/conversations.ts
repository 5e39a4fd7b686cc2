/** Conversations and messages for the worker tests, made through the API (and the messages table the room writes). */
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { messages } from '../db/schema/index.ts';
import type { TestClient } from './client.ts';

/** A valid conversation body. */
export function conversationInput(overrides: Record<string, unknown> = {}) {
  return {
    title: `Free will ${crypto.randomUUID().slice(0, 6)}`,
    topic: 'Whether anyone ever chooses anything',
    personas: [
      { persona: 'philosopher', provider: 'demo', model: 'demo-voice' },
      { persona: 'comedian', provider: 'demo', model: 'demo-voice' },
    ],
    ...overrides,
  };
}

/** Creates a conversation as `client` and answers its id. */
export async function createConversation(client: TestClient, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await client.post('/api/conversations', conversationInput(overrides));
  expect(response.status, response.text).toBe(201);
  return String(response.body.id);
}

/** Writes finished messages as the room's outbox does. */
export async function insertMessages(conversationId: string, contents: string[]): Promise<void> {
  const { db, close } = openDatabase(env);
  try {
    for (const content of contents)
      await db
        .insert(messages)
        .values({ conversationId, senderType: 'ai', senderId: 'demo/demo-voice', persona: 'comedian', content });
  } finally {
    await close();
  }
}
