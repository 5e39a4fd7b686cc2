/**
 * A local endpoint that speaks the Upstash Redis REST protocol
 * (https://upstash.com/docs/redis/features/restapi): single commands as a JSON
 * array at `/` or as path segments, `/pipeline`, `/multi-exec`, bearer-token
 * auth and the `Upstash-Encoding: base64` reply encoding that @upstash/redis
 * asks for. EVAL/EVALSHA pass through, which is what @upstash/ratelimit uses.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage, type RedisBackend, type RedisCommand, type RedisReply } from './redis-backend.ts';

/** A running endpoint. */
export interface UpstashRestServer {
  url: string;
  token: string;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Serves `backend` over the Upstash REST protocol on a free loopback port (or `port`). */
export async function startUpstashRest(
  backend: RedisBackend,
  options: { token: string; port?: number },
): Promise<UpstashRestServer> {
  const server = createServer((request, response) => {
    handle(backend, options.token, request, response).catch((error: unknown) => {
      send(response, 500, { error: `ERR ${errorMessage(error)}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token: options.token,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(backend: RedisBackend, token: string, request: IncomingMessage, response: ServerResponse) {
  if (request.headers.authorization !== `Bearer ${token}`) {
    return send(response, 401, { error: 'Unauthorized' });
  }
  const base64 = String(request.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const body = await readBody(request);
  if (body === undefined) return send(response, 413, { error: 'ERR request body too large' });

  if (path === '/pipeline' || path === '/multi-exec') {
    const commands = parseCommands(body);
    if (typeof commands === 'string') return send(response, 400, { error: commands });
    const replies = path === '/pipeline' ? await pipeline(backend, commands) : await backend.transaction(commands);
    return send(
      response,
      200,
      replies.map((reply) => encodeReply(reply, base64)),
    );
  }

  const command = path === '/' ? parseCommand(body) : commandFromPath(path, body);
  if (typeof command === 'string') return send(response, 400, { error: command });
  try {
    return send(response, 200, encodeReply({ result: await backend.run(command) }, base64));
  } catch (error) {
    return send(response, 400, { error: errorMessage(error) });
  }
}

async function pipeline(backend: RedisBackend, commands: RedisCommand[]): Promise<RedisReply[]> {
  const replies: RedisReply[] = [];
  for (const command of commands) {
    try {
      replies.push({ result: await backend.run(command) });
    } catch (error) {
      replies.push({ error: errorMessage(error) });
    }
  }
  return replies;
}

function parseCommands(body: string): RedisCommand[] | string {
  const parsed = parseJson(body);
  if (!Array.isArray(parsed) || parsed.length === 0) return 'ERR the body must be a non-empty JSON array of commands';
  const commands: RedisCommand[] = [];
  for (const entry of parsed) {
    const command = toCommand(entry);
    if (typeof command === 'string') return command;
    commands.push(command);
  }
  return commands;
}

function parseCommand(body: string): RedisCommand | string {
  return toCommand(parseJson(body));
}

/** `/set/key/value` style: segments are the command; a body, if any, is the last argument. */
function commandFromPath(path: string, body: string): RedisCommand | string {
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (body.length > 0) segments.push(body);
  return toCommand(segments);
}

function toCommand(value: unknown): RedisCommand | string {
  if (!Array.isArray(value) || value.length === 0) return 'ERR a command must be a non-empty JSON array';
  const parts: string[] = [];
  for (const part of value) {
    if (typeof part === 'string') parts.push(part);
    else if (typeof part === 'number' || typeof part === 'boolean') parts.push(String(part));
    else return 'ERR command arguments must be strings or numbers';
  }
  const [name, ...args] = parts;
  return name === undefined ? 'ERR empty command' : [name, ...args];
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Upstash base64-encodes bulk strings; the status reply "OK" stays as it is. */
function encodeReply(reply: RedisReply, base64: boolean): RedisReply {
  if (!base64 || !('result' in reply)) return reply;
  return { result: encodeValue(reply.result) };
}

function encodeValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'string') return value === 'OK' ? value : Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(encodeValue);
  return value;
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
