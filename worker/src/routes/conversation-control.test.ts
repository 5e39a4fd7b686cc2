import { describe, expect, it } from 'vitest';
import { spendBudget } from '../testing/budgets.ts';
import { signedInClient, testClient } from '../testing/client.ts';
import { createConversation } from '../testing/conversations.ts';
import { watch } from '../testing/viewer.ts';

describe('POST /api/conversations/:id/{start,pause,resume,stop}', () => {
  it('configures the room from the conversation, then walks it through start, pause, resume and stop', async () => {
    const owner = await signedInClient();
    const id = await createConversation(owner, { title: 'Tea or coffee', maxTurns: 50 });
    const started = await owner.post(`/api/conversations/${id}/start`);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'running', stopReason: null });
    const viewer = await watch(testClient(), id);
    const snapshot = await viewer.next('snapshot');
    expect(snapshot.room).toMatchObject({ title: 'Tea or coffee' });
    expect((await owner.get(`/api/conversations/${id}`)).body.status).toBe('running');
    expect((await owner.post(`/api/conversations/${id}/pause`)).body.status).toBe('paused');
    expect((await owner.post(`/api/conversations/${id}/resume`)).body.status).toBe('running');
    const stopped = await owner.post(`/api/conversations/${id}/stop`);
    expect(stopped.body).toMatchObject({ status: 'stopped', stopReason: 'owner' });
    // The room's outbox (the one writer of conversations.status) reports the stop to Postgres, and so to the lobby's filter.
    const listedStopped = async () =>
      (await testClient().get('/api/conversations?mine=false&status=stopped&limit=50')).body.conversations.map(
        (conversation: { id: string }) => conversation.id,
      );
    await expect.poll(listedStopped).toContain(id);
    viewer.close();
  });

  it('answers 409 with the room’s code for a control that does not fit the room’s state', async () => {
    const owner = await signedInClient();
    const id = await createConversation(owner);
    const early = await owner.post(`/api/conversations/${id}/pause`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toMatch(/^(invalid_transition|not_configured)$/);
    await owner.post(`/api/conversations/${id}/start`);
    const twice = await owner.post(`/api/conversations/${id}/start`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('invalid_transition');
    await owner.post(`/api/conversations/${id}/stop`);
  });

  it('lets only the owner control: 401 anonymous, 403 not_owner on a public one, 404 on a private one', async () => {
    const owner = await signedInClient();
    const publicId = await createConversation(owner);
    const privateId = await createConversation(owner, { visibility: 'private' });
    const intruder = await signedInClient();
    for (const control of ['start', 'pause', 'resume', 'stop']) {
      expect((await testClient().post(`/api/conversations/${publicId}/${control}`)).status, control).toBe(401);
      const forbidden = await intruder.post(`/api/conversations/${publicId}/${control}`);
      expect(forbidden.status, control).toBe(403);
      expect(forbidden.body.error.code).toBe('not_owner');
      expect((await intruder.post(`/api/conversations/${privateId}/${control}`)).status, control).toBe(404);
    }
    const crossSite = await owner.request('POST', `/api/conversations/${publicId}/start`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe('csrf_rejected');
  });

  it('rejects a bad id with 400 and answers 429 with Retry-After once the write budget is spent', async () => {
    const owner = await signedInClient();
    expect((await owner.post('/api/conversations/not-a-uuid/start')).status).toBe(400);
    const id = await createConversation(owner);
    await spendBudget('write', 'user', `user:${owner.user.id}`);
    const response = await owner.post(`/api/conversations/${id}/start`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('POST /api/conversations/:id/interject', () => {
  it('puts a signed-in viewer’s words into the room, attributed to them', async () => {
    const owner = await signedInClient();
    const id = await createConversation(owner, { maxTurns: 50 });
    await owner.post(`/api/conversations/${id}/start`);
    // The room must still be running when it is paused: with one turn only it could already have stopped.
    await owner.post(`/api/conversations/${id}/pause`);
    const viewer = await watch(testClient(), id);
    await viewer.next('snapshot');
    const from = viewer.frames.length;
    const guest = await signedInClient('guest');
    const response = await guest.post(`/api/conversations/${id}/interject`, { text: '  But what would a cat say?  ' });
    expect(response.status).toBe(202);
    expect(response.body.seq).toEqual(expect.any(Number));
    const delivered = await viewer.next('message-end', from);
    expect(delivered).toMatchObject({
      seq: response.body.seq,
      message: { senderType: 'user', author: guest.user.username, content: 'But what would a cat say?' },
    });
    viewer.close();
  });

  it('rejects empty, oversized and extra-field interjections with 400, and a stopped room with 409', async () => {
    const owner = await signedInClient();
    const id = await createConversation(owner);
    for (const body of [{ text: '   ' }, { text: 'x'.repeat(1001) }, { text: 'hi', as: 'admin' }, {}]) {
      const response = await owner.post(`/api/conversations/${id}/interject`, body);
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    await owner.post(`/api/conversations/${id}/start`);
    await owner.post(`/api/conversations/${id}/stop`);
    const late = await owner.post(`/api/conversations/${id}/interject`, { text: 'Wait!' });
    expect(late.status).toBe(409);
  });

  it('needs an account (401), hides private conversations (404), and has its own budget (429 with Retry-After)', async () => {
    const owner = await signedInClient();
    const publicId = await createConversation(owner);
    const privateId = await createConversation(owner, { visibility: 'private' });
    expect((await testClient().post(`/api/conversations/${publicId}/interject`, { text: 'hi' })).status).toBe(401);
    const stranger = await signedInClient();
    expect((await stranger.post(`/api/conversations/${privateId}/interject`, { text: 'hi' })).status).toBe(404);
    await spendBudget('interject', 'user', `user:${stranger.user.id}`);
    const limited = await stranger.post(`/api/conversations/${publicId}/interject`, { text: 'hi' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.details.budget).toBe('interject');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('is the one way in, with one budget per user: 10 a minute across rooms, the 11th 429 with Retry-After, and sockets cannot add any', async () => {
    const owner = await signedInClient();
    const rooms = [
      await createConversation(owner, { maxTurns: 50 }),
      await createConversation(owner, { maxTurns: 50 }),
    ];
    for (const id of rooms) {
      await owner.post(`/api/conversations/${id}/start`);
      await owner.post(`/api/conversations/${id}/pause`);
    }
    const guest = await signedInClient('guest');
    // The guest's own signed-in sockets: an interject frame is no interjection (bad_frame), whatever the number of sockets.
    const sockets = [await watch(guest, rooms[0]!), await watch(guest, rooms[1]!)];
    for (const socket of sockets) {
      await socket.next('snapshot');
      socket.socket.send(JSON.stringify({ type: 'interject', text: 'Through the side door' }));
      expect(await socket.next('error')).toMatchObject({ code: 'bad_frame' });
    }
    const statuses: number[] = [];
    for (let index = 0; index < 10; index++) {
      const response = await guest.post(`/api/conversations/${rooms[index % 2]}/interject`, {
        text: `Point ${index + 1}`,
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual(Array.from({ length: 10 }, () => 202));
    const eleventh = await guest.post(`/api/conversations/${rooms[0]}/interject`, { text: 'One more' });
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error).toMatchObject({ code: 'rate_limited', details: { budget: 'interject', limit: 10 } });
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    for (const socket of sockets) socket.close();
  });
});
