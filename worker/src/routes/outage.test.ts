/**
 * A Postgres outage, with the real stack but DATABASE_URL pointed at a port
 * where nothing listens: signed-in callers get the same degraded answers as
 * anonymous ones (503 with Retry-After where Postgres is needed, health
 * naming DATABASE_URL), and viewers join and rejoin known rooms.
 */
import { insideRoom } from '../room/testing.ts';
import { describe, expect, it } from 'vitest';
import { TRY_AGAIN_CLOSE_CODE, tryAgainReason } from '../contract/index.ts';
import { signedInClient, testClient, type TestClient } from '../testing/client.ts';
import { createConversation } from '../testing/conversations.ts';
import { recordFrames, watch } from '../testing/viewer.ts';

/** Postgres unreachable: the port is closed, as is the proxy's. */
const DEAD_POSTGRES = {
  DATABASE_URL: 'postgres://postgres:outage-password@127.0.0.1:9/chimera',
  NEON_WS_PROXY: '127.0.0.1:9/v1',
};

async function configuredConversation(visibility: 'public' | 'private' = 'public') {
  const owner = await signedInClient('owner');
  const id = await createConversation(owner, { maxTurns: 1, visibility });
  expect((await owner.post(`/api/conversations/${id}/start`)).status).toBe(200);
  expect((await owner.post(`/api/conversations/${id}/pause`)).status).toBe(200);
  return { owner, id };
}

function connectDuringOutage(client: TestClient, id: string, query = '') {
  return client.request('GET', `/ws/conversation/${id}${query}`, {
    headers: { upgrade: 'websocket' },
    env: DEAD_POSTGRES,
  });
}

describe('during a Postgres outage', () => {
  it('answers a signed-in caller 503 database_unavailable with Retry-After where an account is needed, never 500', async () => {
    const client = await signedInClient();
    for (const path of ['/api/auth/me', '/api/conversations?mine=true']) {
      const response = await client.get(path, { env: DEAD_POSTGRES });
      expect(response.status, `${path}: ${response.text}`).toBe(503);
      expect(response.body.error.code).toBe('database_unavailable');
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    const login = await testClient().post(
      '/api/auth/login',
      { login: client.user.username, password: 'correct horse battery' },
      { env: DEAD_POSTGRES },
    );
    expect(login.status).toBe(503);
    expect(login.body.error.code).toBe('database_unavailable');
  });

  it('answers /api/health 503 naming DATABASE_URL to signed-in and anonymous callers alike', async () => {
    for (const client of [await signedInClient(), testClient()]) {
      const response = await client.get('/api/health', { env: DEAD_POSTGRES });
      expect(response.status, response.text).toBe(503);
      expect(response.body.database).toMatchObject({
        status: 'error',
        error: expect.stringMatching(/^DATABASE_URL: /),
      });
      expect(response.text).not.toContain('outage-password');
    }
  });

  it('lets viewers, signed in or not, join and resume a room already known, without Postgres', async () => {
    const { id } = await configuredConversation();
    const first = await watch(testClient(), id);
    const { seq } = await first.next('snapshot');
    first.close();
    for (const client of [testClient(), await signedInClient('viewer')]) {
      const joined = await connectDuringOutage(client, id);
      expect(joined.status, joined.text).toBe(101);
      const viewer = recordFrames(joined.socket!);
      await viewer.next((frame) => frame.type === 'snapshot');
      viewer.close();
      const resumed = await connectDuringOutage(client, id, `?lastSeq=${seq}`);
      expect(resumed.status).toBe(101);
      const again = recordFrames(resumed.socket!);
      await again.next((frame) => frame.type === 'state');
      again.close();
    }
  });

  it('lets the owner of a private room back in (their session known from Redis), and closes a socket it cannot check with 1013 and a retry-after', async () => {
    const { owner, id } = await configuredConversation('private');
    (await watch(owner, id)).close();
    const back = await connectDuringOutage(owner, id);
    expect(back.status, back.text).toBe(101);
    await recordFrames(back.socket!).next((frame) => frame.type === 'snapshot');
    back.socket!.close();
    const stranger = await connectDuringOutage(testClient(), id);
    expect(stranger.status).toBe(404);
    // A session never looked up before cannot be checked now: it may be the owner's, so not a 404 but "come back".
    const unverified = await connectDuringOutage(await signedInClient('fresh'), id);
    expect(unverified.status).toBe(101);
    expect(await closeOf(unverified.socket!)).toEqual({ code: TRY_AGAIN_CLOSE_CODE, reason: tryAgainReason(5) });

    const unknown = await connectDuringOutage(testClient(), crypto.randomUUID());
    expect(unknown.status).toBe(101);
    expect(unknown.headers.get('retry-after')).toBe('5');
    expect(await closeOf(unknown.socket!)).toEqual({ code: TRY_AGAIN_CLOSE_CODE, reason: tryAgainReason(5) });
  });

  it('still knows a signed-in viewer who was recognised before: the room gets their identity with the socket', async () => {
    const { id } = await configuredConversation();
    // Before the outage: the room has been watched (its access is known) and the viewer has been recognised.
    (await watch(testClient(), id)).close();
    const client = await signedInClient('known');
    expect((await client.get('/api/auth/me')).status).toBe(200);
    const joined = await connectDuringOutage(client, id);
    expect(joined.status).toBe(101);
    const viewer = recordFrames(joined.socket!);
    await viewer.next((frame) => frame.type === 'snapshot');
    const viewers = await insideRoom(id, (room) =>
      room.connections.open().map((socket) => room.connections.attachment(socket)?.viewer ?? null),
    );
    expect(viewers).toContainEqual({ userId: client.user.id, username: client.user.username });
    viewer.close();
  });
});

function closeOf(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    socket.addEventListener('close', (event) => resolve({ code: event.code, reason: event.reason }));
    socket.accept();
  });
}
