/**
 * Bad input never makes a 5xx: every operation of /api/openapi.json gets, in
 * each path parameter, query parameter and top-level body field in turn, the
 * classes of input that once found 500s (control characters, out-of-range
 * dates, also inside opaque cursors, huge and negative numbers, lone
 * surrogates, invalid UTF-8), plus a 2 MB body, signed in (as an admin, so the
 * admin routes are reached) and anonymous, through the real app and stack.
 */
import { describe, expect, it } from 'vitest';
import { grantAdmin } from '../testing/admin.ts';
import { signedInClient, testClient, type TestClient } from '../testing/client.ts';
import { conversationInput, createConversation } from '../testing/conversations.ts';
import { personaInput } from '../testing/personas.ts';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
}

interface Operation {
  method: string;
  path: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: { $ref?: string; example?: unknown } }> };
}

interface Document {
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  components: { schemas: Record<string, { example?: unknown }> };
}

const cursorOf = (value: unknown) =>
  btoa(JSON.stringify(value)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

/** Values for a JSON field: each once broke something, or is the kind that does. */
const BAD_VALUES: unknown[] = [
  'before\u0000after',
  'bell\u0007 and escape\u001b[31m',
  'lone \ud800 surrogate',
  '\udfff',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59-05:00',
  '-000001-01-01T00:00:00Z',
  1e308,
  -1,
  // biome-ignore lint/correctness/noPrecisionLoss: past 2^53 on purpose
  -9007199254740993,
  // biome-ignore lint/correctness/noPrecisionLoss: past 2^53 on purpose
  99999999999999999999,
  'x'.repeat(100_000 / 4),
  [],
  {},
  null,
];

/** The same classes as text, for path and query parameters (percent-encoded as a browser would, plus raw bad bytes). */
const BAD_PARAMETERS: string[] = [
  '%00',
  'a%00b',
  '%07%1B',
  '%ED%A0%80',
  '%FF%FE',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23%3A59%3A59-05%3A00',
  '1e308',
  '-1',
  '-9007199254740993',
  '99999999999999999999',
  'NaN',
  'x'.repeat(2000),
  cursorOf({ t: '0000-01-01T00:00:00.000000Z', id: crypto.randomUUID() }),
  cursorOf({ t: '9999-12-31T23:59:59.999999-05:00', id: crypto.randomUUID() }),
  cursorOf({ t: '2024-01-01T00:00:00.000000Z', id: 'a\u0000b' }),
];

const TWO_MEGABYTES = JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) });

/** One request the fuzzer sends. */
interface Probe {
  label: string;
  method: string;
  path: string;
  json?: unknown;
  body?: string | Uint8Array<ArrayBuffer>;
}

function operationsOf(document: Document): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, path, ...operation })),
  );
}

function exampleOf(document: Document, operation: Operation): unknown {
  const schema = operation.requestBody?.content['application/json']?.schema;
  if (!schema) return undefined;
  if (schema.example !== undefined) return schema.example;
  const name = schema.$ref?.split('/').at(-1);
  return name ? document.components.schemas[name]?.example : undefined;
}

/** Every bad request for `operation`; `ids` fill path parameters that are not under test. */
function probesOf(document: Document, operation: Operation, ids: { conversation: string; persona: string }): Probe[] {
  const method = operation.method.toUpperCase();
  const fill = (path: string) =>
    path.replace('{id}', operation.path.startsWith('/api/personas') ? ids.persona : ids.conversation);
  const probes: Probe[] = [];
  const example = exampleOf(document, operation);
  const validBody = example === undefined ? undefined : example;
  for (const value of BAD_PARAMETERS) {
    if (operation.path.includes('{id}'))
      probes.push({
        label: `path id=${value.slice(0, 40)}`,
        method,
        path: operation.path.replace('{id}', value),
        json: validBody,
      });
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in !== 'query') continue;
      probes.push({
        label: `query ${parameter.name}=${value.slice(0, 40)}`,
        method,
        path: `${fill(operation.path)}?${parameter.name}=${value}`,
        json: validBody,
      });
    }
  }
  if (typeof example === 'object' && example !== null && !Array.isArray(example)) {
    for (const field of Object.keys(example)) {
      for (const value of BAD_VALUES)
        probes.push({
          label: `body ${field}=${JSON.stringify(value).slice(0, 40)}`,
          method,
          path: fill(operation.path),
          json: { ...example, [field]: value },
        });
    }
    const field = Uint8Array.from(new TextEncoder().encode(`{"${Object.keys(example)[0]}":"ab"}`));
    field.set([0xc3], field.length - 3);
    probes.push({ label: 'body with an invalid UTF-8 byte', method, path: fill(operation.path), body: field });
  }
  if (method !== 'GET') probes.push({ label: 'a 2 MB body', method, path: fill(operation.path), body: TWO_MEGABYTES });
  return probes;
}

/** Signed-in admins, a fresh one every few requests so that no rate limit answers in the validation's place. */
function adminClients() {
  let current: TestClient | undefined;
  let used = 0;
  return async (): Promise<TestClient> => {
    if (!current || used >= 40) {
      const client = await signedInClient('fuzzer');
      await grantAdmin(client.user.username);
      current = client;
      used = 0;
    }
    used += 1;
    return current;
  };
}

describe('the inputs that once answered 500', () => {
  it('refuses a NUL in the login name, a lobby cursor of year 0000 and an admin `until` out of range with 400 in the one error shape', async () => {
    const admin = await signedInClient('fuzz-admin');
    await grantAdmin(admin.user.username);
    const probes = [
      await testClient().post('/api/auth/login', { login: 'before\u0000after', password: 'whatever-password' }),
      await testClient().get(
        `/api/conversations?cursor=${cursorOf({ t: '0000-01-01T00:00:00.000000Z', id: crypto.randomUUID() })}`,
      ),
      await admin.get('/api/admin/stats?until=0000-01-01T00:00:00Z'),
      await admin.get('/api/admin/stats?until=9999-12-31T23:59:59-05:00'),
    ];
    for (const response of probes) {
      expect(response.status, response.text).toBe(400);
      expect(response.body).toEqual({
        error: { code: 'validation_failed', message: expect.any(String), details: { issues: expect.any(Array) } },
      });
    }
  });
});

describe('text with a lone surrogate', () => {
  it('is refused with 400 wherever text is stored, rather than saved as U+FFFD', async () => {
    const owner = await signedInClient('surrogates');
    const conversation = await owner.post('/api/conversations', {
      ...conversationInput(),
      title: 'lone \ud800 surrogate',
    });
    expect(conversation.status, conversation.text).toBe(400);
    expect(conversation.body.error.details.issues).toContainEqual({
      path: 'json.title',
      // The one text rule (text-schema.ts) counts a lone surrogate among the characters it refuses.
      message: expect.stringContaining('without control characters'),
    });
    const persona = await owner.post('/api/personas', personaInput({ displayName: 'odd \udfff' }));
    expect(persona.status, persona.text).toBe(400);
    // A pair is a character like any other.
    expect(
      (await owner.post('/api/conversations', { ...conversationInput(), title: 'paired \ud83d\ude00' })).status,
    ).toBe(201);
  });
});

describe('the OpenAPI fuzz', () => {
  it('answers every bad input of every operation, signed in and anonymous, without a 5xx', async () => {
    const document = (await testClient().get('/api/openapi.json')).body as Document;
    const owner = await signedInClient('fuzz-owner');
    const ids = {
      conversation: await createConversation(owner),
      persona: String((await owner.post('/api/personas', personaInput())).body.id),
    };
    const nextAdmin = adminClients();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    for (const operation of operationsOf(document)) {
      for (const probe of probesOf(document, operation, ids)) {
        for (const client of [await nextAdmin(), testClient()]) {
          const headers: Record<string, string> = operation.path.startsWith('/ws/') ? { upgrade: 'websocket' } : {};
          if (probe.body !== undefined) headers['content-type'] = 'application/json';
          const response = await client.request(probe.method, probe.path, {
            json: probe.json,
            body: probe.body,
            headers,
          });
          response.socket?.accept();
          response.socket?.close(1000, 'fuzzed');
          sent += 1;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status >= 500)
            failures.push(
              `${probe.method} ${operation.path} ${probe.label} → ${response.status} ${response.text.slice(0, 120)}`,
            );
        }
      }
    }
    const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, times]) => `${status}×${times}`);
    console.info(`openapi fuzz: ${sent} requests, ${failures.length} 5xx; ${byStatus.join(' ')}`);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(500);
  }, 300_000);
});
