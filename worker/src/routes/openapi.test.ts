import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { grantAdmin } from '../testing/admin.ts';
import { signedInClient, testClient, type TestClient } from '../testing/client.ts';
import { createConversation } from '../testing/conversations.ts';
import { personaInput } from '../testing/personas.ts';

interface Operation {
  method: string;
  path: string;
  responses: Record<string, unknown>;
  requestBody?: { content: Record<string, { schema: { $ref?: string; example?: unknown } }> };
}

interface Document {
  openapi: string;
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  components: { schemas: Record<string, { example?: unknown }>; securitySchemes: Record<string, unknown> };
}

/** The order in which the walk calls operations, so each finds the state it needs (register before login, start before pause...). */
const WALK_ORDER = [
  'post /api/auth/register',
  'post /api/auth/login',
  'get /api/auth/me',
  'post /api/personas',
  'patch /api/personas/{id}',
  'post /api/conversations',
  'post /api/conversations/{id}/start',
  'post /api/conversations/{id}/interject',
  'post /api/conversations/{id}/pause',
  'post /api/conversations/{id}/resume',
  'post /api/conversations/{id}/stop',
  'delete /api/personas/{id}',
  'delete /api/conversations/{id}',
  'post /api/auth/logout',
];

async function fetchDocument(): Promise<Document> {
  const response = await testClient().get('/api/openapi.json');
  expect(response.status).toBe(200);
  return response.body;
}

function operationsOf(document: Document): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, path, ...operation })),
  );
}

function rank(operation: Operation): number {
  const position = WALK_ORDER.indexOf(`${operation.method} ${operation.path}`);
  return operation.method === 'get' && position === -1 ? -1 : position;
}

describe('the OpenAPI document at /api/openapi.json', () => {
  it('documents every route the app serves, with the session scheme', async () => {
    const document = await fetchDocument();
    expect(document.openapi).toBe('3.0.3');
    expect(document.components.securitySchemes.session).toEqual({
      type: 'apiKey',
      in: 'cookie',
      name: 'chimera_session',
    });
    const documented = new Set(
      operationsOf(document).map(
        (operation) => `${operation.method.toUpperCase()} ${operation.path.replaceAll(/\{(\w+)\}/g, ':$1')}`,
      ),
    );
    const served = createApp()
      .routes.filter((route) => route.method !== 'ALL' && route.path !== '/api/openapi.json')
      .map((route) => `${route.method} ${route.path}`);
    expect(new Set(served)).toEqual(documented);
  });

  it('gives every JSON request body an example and every operation its error responses', () => {
    return fetchDocument().then((document) => {
      for (const operation of operationsOf(document)) {
        const schema = operation.requestBody?.content['application/json']?.schema;
        if (schema) expect(exampleOf(document, schema), `${operation.method} ${operation.path}`).toBeDefined();
        expect(Object.keys(operation.responses), `${operation.method} ${operation.path}`).toContain('429');
      }
    });
  });

  it('walks the document: every documented operation answers one of its documented successes', async () => {
    const document = await fetchDocument();
    const owner = await signedInClient('walker');
    // The admin routes answer admins only: the walker is granted it.
    await grantAdmin(owner.user.username);
    const visitor = testClient();
    const fixtures = {
      conversation: await createConversation(owner),
      persona: String((await owner.post('/api/personas', personaInput())).body.id),
    };
    const operations = operationsOf(document).sort((a, b) => rank(a) - rank(b));
    // The examples' account, under a name of this run: other test files register the example's own name too.
    const account = `walker-${crypto.randomUUID().slice(0, 8)}`;
    const bodyOf = (operation: Operation, example: unknown) => {
      if (operation.path === '/api/auth/register')
        return { ...(example as object), username: account, email: `${account}@example.com` };
      if (operation.path === '/api/auth/login') return { ...(example as object), login: account };
      return example;
    };
    const called: string[] = [];
    for (const operation of operations) {
      const client: TestClient = operation.path.startsWith('/api/auth') ? visitor : owner;
      const path = operation.path.replace(
        '{id}',
        operation.path.startsWith('/api/personas') ? fixtures.persona : fixtures.conversation,
      );
      const schema = operation.requestBody?.content['application/json']?.schema;
      const headers: Record<string, string> = operation.path.startsWith('/ws/') ? { upgrade: 'websocket' } : {};
      const response = await client.request(operation.method.toUpperCase(), path, {
        json: schema ? bodyOf(operation, exampleOf(document, schema)) : undefined,
        headers,
      });
      const label = `${operation.method.toUpperCase()} ${operation.path} → ${response.status} ${response.text.slice(0, 200)}`;
      expect(Object.keys(operation.responses), label).toContain(String(response.status));
      expect(response.status, label).toBeLessThan(300);
      response.socket?.accept();
      response.socket?.close(1000, 'walked');
      called.push(`${operation.method} ${operation.path}`);
    }
    expect(called).toHaveLength(operations.length);
    expect(called.length).toBeGreaterThanOrEqual(WALK_ORDER.length + 6);
  });
});

function exampleOf(document: Document, schema: { $ref?: string; example?: unknown }): unknown {
  if (schema.example !== undefined) return schema.example;
  const name = schema.$ref?.split('/').at(-1);
  return name ? document.components.schemas[name]?.example : undefined;
}
