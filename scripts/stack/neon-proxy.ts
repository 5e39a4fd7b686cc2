/**
 * A WebSocket-to-TCP proxy of the kind Neon documents for local development
 * (neondatabase/wsproxy): the Neon serverless driver opens `ws://host/v1` and
 * speaks the Postgres protocol through it. Like wsproxy with APPEND_PORT, it
 * forwards to the one upstream it was started for: it is no open proxy.
 */
import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/** A running proxy. */
export interface NeonProxy {
  /** Value for the Worker's NEON_WS_PROXY: `host:port/v1`, no scheme. */
  wsProxy: string;
  stop(): Promise<void>;
}

/** The frontend Terminate message: 'X' and the length 4. */
const TERMINATE = Buffer.from([0x58, 0, 0, 0, 4]);

function endsWithTerminate(data: Buffer): boolean {
  return data.length >= TERMINATE.length && data.subarray(data.length - TERMINATE.length).equals(TERMINATE);
}

/** Starts the proxy on a free loopback port, forwarding every socket to `upstream` (`host:port`). */
export async function startNeonProxy(upstream: { host: string; port: number }): Promise<NeonProxy> {
  const http = createServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket upgrade required\n');
  });
  const sockets = new WebSocketServer({ server: http, path: '/v1' });
  sockets.on('connection', (socket) => {
    const tcp = connect(upstream.port, upstream.host);
    tcp.setNoDelay(true);
    const pending: Buffer[] = [];
    tcp.on('connect', () => {
      for (const chunk of pending.splice(0)) tcp.write(chunk);
    });
    socket.on('message', (data: Buffer) => {
      if (tcp.connecting) pending.push(data);
      else tcp.write(data);
      // A Postgres server hangs up after the client's Terminate; PGlite's socket server does not,
      // so each closed pool would hold a connection until the server's limit is reached.
      if (!tcp.connecting && endsWithTerminate(data)) tcp.end();
    });
    tcp.on('data', (chunk) => socket.send(chunk));
    tcp.on('close', () => socket.close());
    tcp.on('error', () => socket.terminate());
    socket.on('close', () => tcp.destroy());
    socket.on('error', () => tcp.destroy());
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    wsProxy: `127.0.0.1:${port}/v1`,
    async stop() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
