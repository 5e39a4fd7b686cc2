import { describe, expect, it } from 'vitest';
import { createConversation as createRoomConversation, demoSettings, roomOf } from '../room/testing.ts';
import { signedInClient } from '../testing/client.ts';
import { conversationInput } from '../testing/conversations.ts';
import { CONVERSATION_LIMITS, PERSONA_LIMITS } from './index.ts';

/** The code and message a room call refuses with, or undefined when it succeeds. */
async function refusal(call: Promise<{ ok: boolean }>) {
  const result = await call;
  return result.ok ? undefined : result;
}

describe('the limits, one definition for the API and the room', () => {
  it('lets the room run a conversation the API accepted at every maximum', async () => {
    const owner = await signedInClient();
    const response = await owner.post(
      '/api/conversations',
      conversationInput({
        title: 'T'.repeat(CONVERSATION_LIMITS.title.max),
        topic: 'A'.repeat(CONVERSATION_LIMITS.topic.max),
        maxTurns: CONVERSATION_LIMITS.maxTurns.max,
        budgetUsd: CONVERSATION_LIMITS.budgetUsd.max,
      }),
    );
    expect(response.status, response.text).toBe(201);
    const started = await owner.post(`/api/conversations/${response.body.id}/start`);
    expect(started.status, started.text).toBe(200);
    await owner.post(`/api/conversations/${response.body.id}/stop`);
  });

  it('makes the room refuse what the API refuses', async () => {
    const id = await createRoomConversation();
    const room = roomOf(id);
    const [first, ...others] = demoSettings(id).personas;
    const cases: [string, Parameters<typeof demoSettings>[1]][] = [
      ['title', { title: 'T'.repeat(CONVERSATION_LIMITS.title.max + 1) }],
      ['topic', { topic: 'A'.repeat(CONVERSATION_LIMITS.topic.max + 1) }],
      ['maxTurns', { maxTurns: CONVERSATION_LIMITS.maxTurns.max + 1 }],
      ['budgetUsd', { budgetUsd: CONVERSATION_LIMITS.budgetUsd.max + 1 }],
      [
        'personas.0.traits',
        {
          personas: [
            {
              ...first!,
              traits: Array.from({ length: PERSONA_LIMITS.traits.max + 1 }, (_, index) => `trait ${index}`),
            },
            ...others,
          ],
        },
      ],
      ['personas.0.avgLength', { personas: [{ ...first!, avgLength: PERSONA_LIMITS.avgLength.min - 1 }, ...others] }],
    ];
    for (const [field, overrides] of cases) {
      expect(await refusal(room.configure(demoSettings(id, overrides))), field).toMatchObject({
        code: 'invalid_settings',
        message: expect.stringMatching(new RegExp(`^${field}: `)),
      });
    }
  });

  it('lets a room that continues (the demo room’s rounds) run up to maxTurns more turns after those it took', async () => {
    const id = await createRoomConversation();
    const room = roomOf(id);
    await room.configure(demoSettings(id, { maxTurns: 1 }));
    await room.start();
    await expect.poll(async () => (await room.state()).status, { timeout: 20_000 }).toBe('stopped');
    const { turns } = await room.state();
    expect(turns).toBe(1);
    expect(
      await refusal(room.configure(demoSettings(id, { maxTurns: turns + CONVERSATION_LIMITS.maxTurns.max }))),
    ).toBeUndefined();
    expect(
      await refusal(room.configure(demoSettings(id, { maxTurns: turns + CONVERSATION_LIMITS.maxTurns.max + 1 }))),
    ).toMatchObject({
      code: 'invalid_settings',
      message: expect.stringMatching(/^maxTurns: /),
    });
  });
});
