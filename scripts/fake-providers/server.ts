/**
 * A local stand-in for the AI providers' HTTP APIs, for tests and local runs
 * (never bundled in the Worker). It speaks each provider's wire format
 * (wire.ts, stream-formats.ts) and keeps everything per "space", so concurrent tests do not see
 * each other:
 *
 *   POST /spaces                      → { id }: a new space
 *   PUT  /spaces/:id/script           the replies, usage, models and faults to serve
 *   GET  /spaces/:id/requests         every request the space received, normalized
 *   /:space/openai/v1/…, /:space/deepseek/v1/…, /:space/lm-studio/v1/…
 *                                     chat/completions and models (OpenAI format)
 *   /:space/anthropic/v1/messages, /:space/anthropic/v1/models
 *   /:space/gemini/v1beta/models/:model:streamGenerateContent?alt=sse, …/v1beta/models
 *   /:space/ollama/api/chat, /:space/ollama/api/tags
 *
 * A fault is served to the next `times` matching requests: an HTTP 500, 400,
 * 401 or 429 (with Retry-After), a refused key answered as that provider's API
 * answers it (`bad-key`), a slow first token, a stall mid-stream, a cut
 * connection mid-stream, or a malformed chunk.
 *
 * Like the real APIs: Anthropic's current version (2026-10-21) refuses
 * sampling parameters with a 400, and a reasoning model (`reasoning` in the
 * script) streams its thinking as `reasoning_content` before any content.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FAKE_PROVIDERS, isFakeProvider, type RecordedRequest, type Script, takeFault } from './script.ts';
import { stream } from './stream.ts';
import { anthropicRefusal, badKeyAnswer, errorBody, modelList, normalize, type WireFamily } from './wire.ts';

export type { FakeProvider, Fault, FaultKind, RecordedRequest, Script } from './script.ts';

interface Space {
  script: Script;
  requests: RecordedRequest[];
}

/** A running fake. */
export interface FakeProviders {
  url: string;
  stop(): Promise<void>;
}

const RECORDED_HEADERS = [
  'authorization',
  'x-api-key',
  'x-goog-api-key',
  'anthropic-version',
  'cf-access-client-id',
  'cf-access-client-secret',
  'content-type',
];

/** Starts the fake on 127.0.0.1 at a free port (or `port`). */
export async function startFakeProviders(options: { port?: number } = {}): Promise<FakeProviders> {
  const spaces = new Map<string, Space>();
  const server = createServer((request, response) => {
    handle(spaces, request, response).catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { error: { message: String(error) } });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(spaces: Map<string, Space>, request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://fake');
  const parts = url.pathname.split('/').filter(Boolean);
  const body = request.method === 'GET' ? undefined : await readJson(request);
  if (parts[0] === 'spaces') return control(spaces, request.method ?? 'GET', parts.slice(1), body, response);
  const [spaceId, provider, ...rest] = parts;
  const space = spaceId ? spaces.get(spaceId) : undefined;
  if (!space || !isFakeProvider(provider))
    return json(response, 404, { error: { message: `unknown space or provider in ${url.pathname}` } });
  const fake = provider;
  const family = FAKE_PROVIDERS[fake];
  const route = routeOf(family, request.method ?? 'GET', rest.join('/'));
  if (!route) return json(response, 404, errorBody(family, 404, `no route ${request.method} ${url.pathname}`));
  const headers = Object.fromEntries(
    RECORDED_HEADERS.flatMap((name) =>
      typeof request.headers[name] === 'string' ? [[name, request.headers[name]]] : [],
    ),
  );
  const normalized =
    route.kind === 'chat'
      ? normalize(family, asRecord(body), route.model)
      : { model: '', system: '', messages: [], temperature: undefined, maxOutputTokens: undefined };
  space.requests.push({
    provider: fake,
    kind: route.kind,
    method: request.method ?? 'GET',
    path: url.pathname + url.search,
    headers,
    body,
    ...normalized,
  });

  const refusal =
    family === 'anthropic' && route.kind === 'chat'
      ? anthropicRefusal(headers['anthropic-version'], asRecord(body))
      : undefined;
  if (refusal) return json(response, 400, errorBody(family, 400, refusal));
  const fault = takeFault(space.script, fake, route.kind);
  if (fault?.kind === 'bad-key') {
    const answer = badKeyAnswer(family, credentialOf(headers) ?? 'none');
    return json(response, answer.status, answer.body);
  }
  if (fault?.kind.startsWith('status-')) {
    const status = Number(fault.kind.slice('status-'.length));
    const extra: Record<string, string> =
      status === 429 && fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
    // Like the real APIs, a refused key is echoed back in the message: the client must scrub it.
    const message =
      status === 401 ? `Incorrect API key provided: ${credentialOf(headers) ?? 'none'}` : `fake ${status} for ${fake}`;
    return json(
      response,
      status,
      errorBody(family, status, message, status === 429 ? fault.retryAfterSeconds : undefined),
      extra,
    );
  }
  if (route.kind === 'models')
    return json(response, 200, modelList(family, space.script.models ?? [`${fake}-fake-model`]));
  return stream(response, family, fake, normalized, space.script, fault);
}

function credentialOf(headers: Record<string, string>): string | undefined {
  return headers['x-api-key'] ?? headers['x-goog-api-key'] ?? headers.authorization?.replace(/^Bearer /, '');
}

function routeOf(
  family: WireFamily,
  method: string,
  path: string,
): { kind: 'chat' | 'models'; model?: string } | undefined {
  if (family === 'openai') {
    if (method === 'POST' && path === 'v1/chat/completions') return { kind: 'chat' };
    if (method === 'GET' && path === 'v1/models') return { kind: 'models' };
  } else if (family === 'anthropic') {
    if (method === 'POST' && path === 'v1/messages') return { kind: 'chat' };
    if (method === 'GET' && path === 'v1/models') return { kind: 'models' };
  } else if (family === 'gemini') {
    const match = /^v1beta\/models\/([^/:]+):streamGenerateContent$/.exec(path);
    if (method === 'POST' && match) return { kind: 'chat', model: decodeURIComponent(match[1]!) };
    if (method === 'GET' && path === 'v1beta/models') return { kind: 'models' };
  } else {
    if (method === 'POST' && path === 'api/chat') return { kind: 'chat' };
    if (method === 'GET' && path === 'api/tags') return { kind: 'models' };
  }
  return undefined;
}

function control(spaces: Map<string, Space>, method: string, parts: string[], body: unknown, response: ServerResponse) {
  if (method === 'POST' && parts.length === 0) {
    const id = crypto.randomUUID();
    spaces.set(id, { script: {}, requests: [] });
    return json(response, 201, { id });
  }
  const space = parts[0] ? spaces.get(parts[0]) : undefined;
  if (!space) return json(response, 404, { error: { message: 'unknown space' } });
  if (method === 'PUT' && parts[1] === 'script') {
    space.script = asRecord(body);
    return json(response, 200, { ok: true });
  }
  if (method === 'GET' && parts[1] === 'requests') return json(response, 200, space.requests);
  return json(response, 404, { error: { message: 'unknown control route' } });
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk));
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// The script and bodies come from our own tests: trusted, read as plain records.
function asRecord(value: unknown): Record<string, any> {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}
