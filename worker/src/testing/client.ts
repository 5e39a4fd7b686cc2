/**
 * The worker tests' HTTP client: requests go through the real app in workerd
 * (with FAKE_KEYS configured), each client has its own IP and cookie jar, and
 * every response body is checked for secrets before a test sees it.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { createApp } from '../app.ts';
import { secretValues } from '../security/redact.ts';
import { DEAD_PROVIDER_URLS, FAKE_KEYS } from './fake-keys.ts';

/** The site's origin in tests. */
export const ORIGIN = 'http://chimera.test';

/** The environment of the tests: the real stack plus every fake key. */
export const testEnv: Env = { ...env, ...FAKE_KEYS, ...DEAD_PROVIDER_URLS };

const app = createApp();

/** A response, read. */
export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined. */
  body: any;
  /** The WebSocket of a 101 answer. */
  socket: WebSocket | null;
}

/** Options of one request. */
export interface RequestOptions {
  json?: unknown;
  /** Raw body (with its own content-type header). */
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Environment overrides (e.g. a dead Redis). */
  env?: Partial<Record<keyof Env, unknown>>;
}

let served = 0;

/** How many responses this test file has checked for secrets. */
export function responsesChecked(): number {
  return served;
}

/** Fails when `text` contains a configured secret. */
export function expectNoSecret(text: string, environment: object = testEnv): void {
  for (const secret of secretValues(environment))
    expect(text, 'a response leaked a configured secret').not.toContain(secret);
}

/** A random address in a random /64 of the IPv6 documentation range, so each client (and each run on a shared Redis) has its own budgets. */
export function randomIp(): string {
  const groups = [...crypto.getRandomValues(new Uint16Array(3))].map((group) => group.toString(16));
  return `2001:db8:${groups[0]}:${groups[1]}::${groups[2]}`;
}

/** A browser-like client: its own IP, a cookie jar, and the site's Origin on writes. */
export function testClient(options: { ip?: string; origin?: string | null } = {}) {
  const ip = options.ip ?? randomIp();
  const origin = options.origin === undefined ? ORIGIN : options.origin;
  let cookie: string | undefined;

  async function request(method: string, path: string, init: RequestOptions = {}): Promise<TestResponse> {
    const headers = new Headers(init.headers);
    headers.set('cf-connecting-ip', ip);
    if (cookie !== undefined) headers.set('cookie', cookie);
    if (origin !== null && method !== 'GET' && !headers.has('origin')) headers.set('origin', origin);
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const environment = { ...testEnv, ...init.env };
    const context = createExecutionContext();
    const response = await app.request(`${ORIGIN}${path}`, { method, headers, body }, environment, context);
    const text = response.status === 101 ? '' : await response.text();
    await waitOnExecutionContext(context);
    expectNoSecret(text, environment);
    for (const [, value] of response.headers) expectNoSecret(value, environment);
    served += 1;
    rememberCookie(response.headers.get('set-cookie'));
    return { status: response.status, headers: response.headers, text, body: parse(text), socket: response.webSocket };
  }

  function rememberCookie(header: string | null) {
    if (!header) return;
    const [pair = ''] = header.split(';');
    const value = pair.slice(pair.indexOf('=') + 1);
    cookie = /max-age=0/i.test(header) || value === '' ? undefined : pair;
  }

  return {
    ip,
    request,
    get: (path: string, init?: RequestOptions) => request('GET', path, init),
    post: (path: string, json?: unknown, init?: RequestOptions) => request('POST', path, { ...init, json }),
    patch: (path: string, json?: unknown, init?: RequestOptions) => request('PATCH', path, { ...init, json }),
    delete: (path: string, init?: RequestOptions) => request('DELETE', path, init),
    /** The session cookie (`name=value`), if signed in. */
    get cookie() {
      return cookie;
    },
    set cookie(value: string | undefined) {
      cookie = value;
    },
  };
}

/** A client. */
export type TestClient = ReturnType<typeof testClient>;

/** A client signed in as a fresh user. */
export async function signedInClient(
  prefix = 'user',
): Promise<TestClient & { user: { id: string; username: string } }> {
  const client = testClient();
  const username = `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
  const response = await client.post('/api/auth/register', {
    username,
    email: `${username}@example.com`,
    password: 'correct horse battery',
  });
  expect(response.status, response.text).toBe(201);
  return Object.assign(client, { user: { id: String(response.body.user.id), username } });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
