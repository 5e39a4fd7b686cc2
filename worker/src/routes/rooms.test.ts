import { describe, expect, it } from 'vitest';
import { VIEWER_HEADER, VIEWER_NETWORK_HEADER } from '../room/contract.ts';
import { ipIdentifier } from '../cache/rate-limit.ts';
import { spendBudget } from '../testing/budgets.ts';
import { signedInClient, testClient } from '../testing/client.ts';
import { createConversation } from '../testing/conversations.ts';
import { insideRoom } from '../room/testing.ts';
import { watch } from '../testing/viewer.ts';

/** The viewers the room's sockets carry (null for anonymous ones). */
const viewersOf = (id: string) =>
  insideRoom(id, (room) =>
    room.connections.open().map((socket) => room.connections.attachment(socket)?.viewer ?? null),
  );

/** A started conversation owned by a fresh user, with its owner's client. */
async function configuredConversation(overrides: Record<string, unknown> = {}) {
  const owner = await signedInClient('owner');
  const id = await createConversation(owner, { maxTurns: 50, ...overrides });
  expect((await owner.post(`/api/conversations/${id}/start`)).status).toBe(200);
  expect((await owner.post(`/api/conversations/${id}/pause`)).status).toBe(200);
  return { owner, id };
}

describe('GET /ws/conversation/:id', () => {
  it('lets anonymous viewers watch a public conversation; no socket interjects (REST does)', async () => {
    const { id } = await configuredConversation();
    const viewer = await watch(testClient(), id);
    expect(await viewer.next('snapshot')).toMatchObject({ state: { status: 'paused' } });
    viewer.socket.send(JSON.stringify({ type: 'interject', text: 'Hello?' }));
    expect(await viewer.next('error')).toMatchObject({ code: 'bad_frame' });
    viewer.close();
  });

  it('tells the room who a signed-in viewer is, from the session cookie', async () => {
    const { id } = await configuredConversation();
    const client = await signedInClient('viewer');
    const viewer = await watch(client, id);
    await viewer.next('snapshot');
    expect(await viewersOf(id)).toEqual([{ userId: client.user.id, username: client.user.username }]);
    viewer.close();
  });

  it('drops a viewer identity the client sends itself', async () => {
    const { id, owner } = await configuredConversation();
    const forged = JSON.stringify({ userId: owner.user.id, username: owner.user.username });
    const anonymous = await watch(testClient(), id, { [VIEWER_HEADER]: forged });
    await anonymous.next('snapshot');
    expect(await viewersOf(id)).toEqual([null]);
    anonymous.close();
    const someone = await signedInClient('someone');
    const impostor = await watch(someone, id, { [VIEWER_HEADER]: forged });
    await impostor.next('snapshot');
    await expect.poll(() => viewersOf(id)).toEqual([{ userId: someone.user.id, username: someone.user.username }]);
    impostor.close();
  });

  it('tells the room the network a viewer connects from, as the Worker saw it, never as the client says', async () => {
    const { id } = await configuredConversation();
    const client = testClient();
    const viewer = await watch(client, id, { [VIEWER_NETWORK_HEADER]: 'ip:192.0.2.1' });
    await viewer.next('snapshot');
    const networks = await insideRoom(id, (room) =>
      room.connections.open().map((socket) => room.connections.socketIdentity(socket).network),
    );
    expect(networks).toEqual([ipIdentifier(client.ip)]);
    viewer.close();
  });

  it('opens a private conversation’s socket to its owner only; 404 for others and for unknown ids', async () => {
    const { id, owner } = await configuredConversation({ visibility: 'private' });
    const mine = await watch(owner, id);
    await mine.next('snapshot');
    mine.close();
    for (const client of [testClient(), await signedInClient()]) {
      const response = await client.request('GET', `/ws/conversation/${id}`, { headers: { upgrade: 'websocket' } });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    const unknown = await testClient().request('GET', `/ws/conversation/${crypto.randomUUID()}`, {
      headers: { upgrade: 'websocket' },
    });
    expect(unknown.status).toBe(404);
  });

  it('refuses a socket opened from a foreign page (cross-site WebSocket hijacking)', async () => {
    const { id } = await configuredConversation();
    const client = await signedInClient();
    const response = await client.request('GET', `/ws/conversation/${id}`, {
      headers: { upgrade: 'websocket', origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('origin_rejected');
  });

  it('rejects a bad id with 400 invalid_id and a plain GET with 426', async () => {
    const client = testClient();
    const badId = await client.request('GET', '/ws/conversation/not-a-uuid', { headers: { upgrade: 'websocket' } });
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('invalid_id');
    const plain = await client.get(`/ws/conversation/${crypto.randomUUID()}`);
    expect(plain.status).toBe(426);
  });

  it('answers 429 with Retry-After once the connect budget is spent, per IP and per user', async () => {
    const { id } = await configuredConversation();
    const anonymous = testClient();
    await spendBudget('connect', 'anonymous', ipIdentifier(anonymous.ip));
    const refused = await anonymous.request('GET', `/ws/conversation/${id}`, { headers: { upgrade: 'websocket' } });
    expect(refused.status).toBe(429);
    expect(refused.body.error.details.budget).toBe('connect');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const user = await signedInClient();
    await spendBudget('connect', 'user', `user:${user.user.id}`);
    expect((await user.request('GET', `/ws/conversation/${id}`, { headers: { upgrade: 'websocket' } })).status).toBe(
      429,
    );
  });
});
