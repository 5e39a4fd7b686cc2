/**
 * The benchmark's yardstick: a plain Node `ws` broadcast server doing the
 * room's streaming work and nothing else. The same demo provider at the same
 * pace, the same context builder, the same coalescer, the same frames, one
 * JSON.stringify per frame sent to every client. No storage, no Durable
 * Object, no Worker runtime. Run as its own process:
 *
 *   node scripts/bench/baseline-server.ts <paceMs>
 *
 * prints `listening <port>`, streams while POST /start .. POST /stop.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import { createDemoProvider, DEMO_MODEL } from '../../worker/src/providers/demo/demo.ts';
import { DeltaCoalescer } from '../../worker/src/room/coalescer.ts';
import { buildContext, EMPTY_SUMMARY } from '../../worker/src/room/context.ts';
import { DELTA_INTERVAL_MS, type RoomMessage, type ServerFrame } from '../../worker/src/contract/index.ts';
import { benchSettings } from './settings.ts';

const paceMs = Number(process.argv[2] ?? 50);
const demo = createDemoProvider({ paceMs });
const settings = benchSettings('00000000-0000-4000-8000-000000000000');
let seq = 0;
let running: AbortController | null = null;

const http = createServer((request, response) => {
  if (request.method === 'POST' && request.url === '/start') {
    running?.abort();
    running = new AbortController();
    void stream(running.signal);
  } else if (request.method === 'POST' && request.url === '/stop') {
    running?.abort();
    running = null;
  } else {
    return response.writeHead(404).end();
  }
  response.writeHead(204).end();
});
const sockets = new WebSocketServer({ server: http, perMessageDeflate: false });
sockets.on('connection', (socket) =>
  socket.send(JSON.stringify({ type: 'presence', viewers: sockets.clients.size } satisfies ServerFrame)),
);

function broadcast(frame: ServerFrame) {
  const text = JSON.stringify(frame);
  for (const client of sockets.clients) if (client.readyState === WebSocket.OPEN) client.send(text);
}

/** Takes turns back to back until stopped, as a room with ROOM_TIMING_SCALE=0 does. */
async function stream(signal: AbortSignal) {
  const history: RoomMessage[] = [];
  for (let turn = 0; !signal.aborted; turn++) {
    const speaker = settings.personas[turn % settings.personas.length]!;
    const messageId = randomUUID();
    broadcast({ type: 'typing-start', seq: ++seq, persona: speaker.name, displayName: speaker.displayName });
    broadcast({
      type: 'message-start',
      seq: ++seq,
      messageId,
      persona: speaker.name,
      provider: 'demo',
      model: DEMO_MODEL,
      attempt: 1,
    });
    const coalescer = new DeltaCoalescer(DELTA_INTERVAL_MS, (chunk) =>
      broadcast({ type: 'message-delta', seq: ++seq, messageId, ...chunk }),
    );
    const { request } = buildContext({
      settings,
      speaker,
      history: history.slice(-12),
      summary: EMPTY_SUMMARY,
      kind: 'turn',
      replyTo: null,
      nudge: null,
    });
    let text = '';
    try {
      for await (const event of demo.streamChat({ ...request, model: DEMO_MODEL }, signal)) {
        if (event.type !== 'text-delta') continue;
        text += event.text;
        coalescer.push(event.text, Date.now());
      }
    } catch {
      coalescer.discard();
      return;
    }
    coalescer.flush();
    broadcast({ type: 'typing-end', seq: ++seq, persona: speaker.name });
    const message: RoomMessage = {
      id: messageId,
      seq: ++seq,
      senderType: 'ai',
      senderId: `demo/${DEMO_MODEL}`,
      persona: speaker.name,
      author: speaker.displayName,
      content: text,
      createdAt: new Date().toISOString(),
      metadata: { turn: turn + 1, provider: 'demo', model: DEMO_MODEL },
    };
    history.push(message);
    broadcast({ type: 'message-end', seq: message.seq, message });
  }
}

http.listen(0, '127.0.0.1', () => console.log(`listening ${(http.address() as AddressInfo).port}`));
process.on('SIGTERM', () => process.exit(0));
