import { describe, expect, it } from 'vitest';
import { AUDIENCE_LIMITS } from '../contract/index.ts';
import { signedInClient, testClient } from '../testing/client.ts';
import { conversationInput, createConversation } from '../testing/conversations.ts';
import { watch } from '../testing/viewer.ts';

describe('the audience settings of a conversation', () => {
  it('takes voteNext and suggestionEvery at creation, with their defaults, and shows them', async () => {
    const owner = await signedInClient();
    const plain = await createConversation(owner);
    expect((await owner.get(`/api/conversations/${plain}`)).body).toMatchObject({
      voteNext: false,
      suggestionEvery: AUDIENCE_LIMITS.suggestionEvery.default,
    });
    const steered = await createConversation(owner, { voteNext: true, suggestionEvery: 2 });
    expect((await owner.get(`/api/conversations/${steered}`)).body).toMatchObject({
      voteNext: true,
      suggestionEvery: 2,
    });
    const listed = await owner.get('/api/conversations?mine=true&limit=50');
    expect(listed.body.conversations.find((row: { id: string }) => row.id === steered)).toMatchObject({
      voteNext: true,
      suggestionEvery: 2,
    });
    for (const suggestionEvery of [-1, 51, 1.5, '3']) {
      const refused = await owner.post('/api/conversations', conversationInput({ suggestionEvery }));
      expect(refused.status, String(suggestionEvery)).toBe(400);
      expect(refused.text).toContain('suggestionEvery');
    }
  });

  it('changes them while the room is idle or paused, tells the room, and answers 409 while it runs', async () => {
    const owner = await signedInClient();
    const id = await createConversation(owner, { maxTurns: 50 });
    const idle = await owner.patch(`/api/conversations/${id}/audience`, { voteNext: true });
    expect(idle.status, idle.text).toBe(200);
    expect(idle.body).toMatchObject({ id, voteNext: true, suggestionEvery: AUDIENCE_LIMITS.suggestionEvery.default });
    expect((await owner.post(`/api/conversations/${id}/start`)).status).toBe(200);
    const running = await owner.patch(`/api/conversations/${id}/audience`, { suggestionEvery: 1 });
    expect(running.status).toBe(409);
    expect(running.body.error.code).toBe('invalid_transition');
    expect((await owner.get(`/api/conversations/${id}`)).body.suggestionEvery).toBe(
      AUDIENCE_LIMITS.suggestionEvery.default,
    );
    expect((await owner.post(`/api/conversations/${id}/pause`)).status).toBe(200);
    const paused = await owner.patch(`/api/conversations/${id}/audience`, { voteNext: false, suggestionEvery: 0 });
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body).toMatchObject({ voteNext: false, suggestionEvery: 0 });
    const viewer = await watch(testClient(), id);
    expect((await viewer.next('snapshot')).room).toMatchObject({ voteNext: false, suggestionEvery: 0 });
    viewer.close();
    await owner.post(`/api/conversations/${id}/stop`);
  });

  it('lets only the owner change them, and refuses a bad body', async () => {
    const owner = await signedInClient();
    const id = await createConversation(owner);
    expect((await testClient().patch(`/api/conversations/${id}/audience`, { voteNext: true })).status).toBe(401);
    const intruder = await signedInClient();
    const forbidden = await intruder.patch(`/api/conversations/${id}/audience`, { voteNext: true });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('not_owner');
    for (const body of [{ suggestionEvery: 51 }, { voteNext: 'yes' }, { mode: 'random' }]) {
      const refused = await owner.patch(`/api/conversations/${id}/audience`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    expect((await owner.get(`/api/conversations/${id}`)).body).toMatchObject({ voteNext: false });
  });
});
