/**
 * The Worker's API as component tests see it: importing this module (before
 * the page under test) replaces `fetch` with one that answers from handlers
 * the test registers, with real `Response` objects, and records each request.
 * Unregistered routes answer 404 `not_found` as the Worker does; `/api/auth/session`
 * answers 200 `{user: null}` (signed out) until a test says otherwise. Reset before each test.
 */
import { beforeEach } from 'vitest';

/** A request the page sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  search: string;
  /** The JSON body, parsed; undefined without one. */
  body: unknown;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response>;

const handlers = new Map<string, Handler>();

/** Every request since the last reset, oldest first. */
export const requests: RecordedRequest[] = [];

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** An error response in the Worker's one error shape. */
export function apiError(status: number, code: string, message: string, details?: unknown): Response {
  return json(status, { error: { code, message, ...(details === undefined ? {} : { details }) } });
}

/** Answers `method path` (exact path, no query) with `handler` from now on. */
export function answer(method: string, path: string, handler: Handler): void {
  handlers.set(`${method.toUpperCase()} ${path}`, handler);
}

/** The requests sent to `method path`. */
export function requestsTo(method: string, path: string): RecordedRequest[] {
  return requests.filter((request) => request.method === method.toUpperCase() && request.path === path);
}

function reset() {
  handlers.clear();
  requests.length = 0;
  answer('GET', '/api/auth/session', () => Response.json({ user: null }));
}

async function fakeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(
    new URL(input instanceof Request ? input.url : String(input), 'http://chimera.test'),
    init,
  );
  const url = new URL(request.url);
  const text = await request.text();
  const recorded: RecordedRequest = {
    method: request.method,
    path: url.pathname,
    search: url.search,
    body: text ? JSON.parse(text) : undefined,
  };
  requests.push(recorded);
  const handler = handlers.get(`${recorded.method} ${recorded.path}`);
  return handler ? handler(recorded) : apiError(404, 'not_found', `No route ${recorded.method} ${recorded.path}`);
}

reset();
globalThis.fetch = fakeFetch;
beforeEach(reset);
