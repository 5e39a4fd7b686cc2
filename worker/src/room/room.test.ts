import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

async function connect(conversationId: string) {
  const response = await exports.default.fetch(`http://chimera.test/ws/conversation/${conversationId}`, { headers: { upgrade: 'websocket' } });
  expect(response.status).toBe(101);
  const socket = response.webSocket!;
  const frames: unknown[] = [];
  const waiters: (() => void)[] = [];
  socket.addEventListener('message', (event) => {
    frames.push(JSON.parse(String(event.data)));
    for (const wake of waiters.splice(0)) wake();
  });
  socket.accept();
  /** Resolves with the frames once `count` have arrived. */
  const received = async (count: number) => {
    while (frames.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return frames.slice(0, count);
  };
  return { socket, received };
}

describe('the room WebSocket', () => {
  it('accepts viewers and tells everyone the viewer count', async () => {
    const id = crypto.randomUUID();
    const first = await connect(id);
    expect(await first.received(1)).toEqual([{ type: 'presence', viewers: 1 }]);
    const second = await connect(id);
    expect(await second.received(1)).toEqual([{ type: 'presence', viewers: 2 }]);
    expect(await first.received(2)).toEqual([{ type: 'presence', viewers: 1 }, { type: 'presence', viewers: 2 }]);
    first.socket.close(1000, 'bye');
    second.socket.close(1000, 'bye');
  });

  it('answers a frame it does not support with an error frame and stays open', async () => {
    const viewer = await connect(crypto.randomUUID());
    await viewer.received(1);
    viewer.socket.send('{"type":"hello"}');
    const [, error] = await viewer.received(2);
    expect(error).toMatchObject({ type: 'error', code: 'unsupported' });
    expect(viewer.socket.readyState).toBe(WebSocket.OPEN);
    viewer.socket.close(1000, 'bye');
  });

  it('rejects an id that is not a UUID and a request without upgrade', async () => {
    const badId = await exports.default.fetch('http://chimera.test/ws/conversation/not-a-uuid', { headers: { upgrade: 'websocket' } });
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({ error: { code: 'invalid_id' } });
    const noUpgrade = await exports.default.fetch(`http://chimera.test/ws/conversation/${crypto.randomUUID()}`);
    expect(noUpgrade.status).toBe(426);
    expect(await noUpgrade.json()).toMatchObject({ error: { code: 'upgrade_required' } });
  });
});
