/**
 * A TCP pass-through in front of Postgres that reads the frontend protocol
 * the clients send and counts the statements they run: every `Parse`
 * (extended protocol, which the Neon driver and Drizzle use) and every
 * statement of a simple `Query`. The benchmark puts it between the Neon
 * WebSocket proxy and Postgres to measure Postgres writes per message from
 * the wire, not from the Worker's own account.
 */
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** What the tap has seen since the last reset. */
export interface TapCounts {
  /** Statements of any kind. */
  statements: number;
  /** INSERT, UPDATE, DELETE, MERGE and COPY statements, status updates aside. */
  writes: number;
  /** `UPDATE "conversations"`: a room reporting its status (start, pause, stop), once per change, not per message. */
  statusWrites: number;
  /** Connections opened to Postgres. */
  connections: number;
}

/** A running tap. */
export interface PostgresTap {
  /** `host:port` to connect to instead of Postgres. */
  host: string;
  port: number;
  counts(): TapCounts;
  reset(): void;
  stop(): Promise<void>;
}

const WRITE = /^\s*(with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|copy)\b/i;
const STATUS_WRITE = /^\s*update\s+"conversations"/i;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/** Counts the statements in one client's byte stream, message by message. */
export class FrontendParser {
  #buffer: Buffer = Buffer.alloc(0);
  #startup = true;
  readonly #onStatement: (sql: string) => void;

  constructor(onStatement: (sql: string) => void) {
    this.#onStatement = onStatement;
  }

  push(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      if (this.#startup) {
        // Untyped: Int32 length, Int32 code. SSL and GSS requests precede the real startup message.
        if (this.#buffer.length < 8) return;
        const length = this.#buffer.readInt32BE(0);
        if (this.#buffer.length < length) return;
        const code = this.#buffer.readInt32BE(4);
        this.#buffer = this.#buffer.subarray(length);
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) this.#startup = false;
        continue;
      }
      if (this.#buffer.length < 5) return;
      const type = String.fromCharCode(this.#buffer[0]!);
      const length = this.#buffer.readInt32BE(1);
      if (this.#buffer.length < 1 + length) return;
      const body = this.#buffer.subarray(5, 1 + length);
      this.#buffer = this.#buffer.subarray(1 + length);
      if (type === 'P') {
        const nameEnd = body.indexOf(0);
        const sql = body.subarray(nameEnd + 1, body.indexOf(0, nameEnd + 1)).toString('utf8');
        this.#onStatement(sql);
      } else if (type === 'Q') {
        const text = body.subarray(0, body.indexOf(0)).toString('utf8');
        for (const sql of text.split(';').filter((part) => part.trim().length > 0)) this.#onStatement(sql);
      }
    }
  }
}

/** Starts the tap on a free loopback port, forwarding to `upstream`. */
export async function startPostgresTap(upstream: { host: string; port: number }): Promise<PostgresTap> {
  let counts: TapCounts = { statements: 0, writes: 0, statusWrites: 0, connections: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const postgres = connect(upstream.port, upstream.host);
    counts.connections += 1;
    sockets.add(client).add(postgres);
    const parser = new FrontendParser((sql) => {
      counts.statements += 1;
      if (STATUS_WRITE.test(sql)) counts.statusWrites += 1;
      else if (WRITE.test(sql)) counts.writes += 1;
    });
    // No encoding is set, so every chunk is a Buffer (@types/node 26 types it `string | Buffer`).
    client.on('data', (chunk) => parser.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    client.pipe(postgres).pipe(client);
    const close = () => {
      client.destroy();
      postgres.destroy();
      sockets.delete(client);
      sockets.delete(postgres);
    };
    client.on('close', close).on('error', close);
    postgres.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    counts: () => ({ ...counts }),
    reset() {
      counts = { statements: 0, writes: 0, statusWrites: 0, connections: 0 };
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
