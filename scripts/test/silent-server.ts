/**
 * A TCP server on 127.0.0.1 that accepts every connection and, while silent,
 * never answers it: the dependency that hangs, for the timeout and breaker
 * tests. Once `forwardTo` is called, new connections reach that upstream
 * instead, so the same address "comes back".
 */
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A silent server, its address and what it saw. */
export interface SilentServer {
  host: string;
  port: number;
  /** Connections accepted so far (silent or forwarded). */
  connections(): number;
  /** From now on, pipe new connections to `upstream`. */
  forwardTo(upstream: { host: string; port: number }): void;
  stop(): Promise<void>;
}

/** Starts one on a free port. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let upstream: { host: string; port: number } | undefined;
  let accepted = 0;
  const server = createServer((client) => {
    accepted += 1;
    sockets.add(client);
    client.on('close', () => sockets.delete(client)).on('error', () => {});
    if (!upstream) return;
    const target = connect(upstream.port, upstream.host);
    sockets.add(target);
    target.on('close', () => sockets.delete(target)).on('error', () => client.destroy());
    client.pipe(target).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    connections: () => accepted,
    forwardTo(next) {
      upstream = next;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
