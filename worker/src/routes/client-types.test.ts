/** The web client's view: `hc<AppType>` over the real app, so route types (inputs and outputs) are checked by tsc and by use. */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { hc } from 'hono/client';
import { describe, expect, it } from 'vitest';
import { createApp, type AppType } from '../app.ts';
import { expectNoSecret, randomIp, testEnv } from '../testing/client.ts';

const app = createApp();
const ip = randomIp();
let cookie = '';

const client = hc<AppType>('http://chimera.test', {
  async fetch(input: RequestInfo | URL, init?: RequestInit) {
    const headers = new Headers(init?.headers);
    headers.set('cf-connecting-ip', ip);
    headers.set('origin', 'http://chimera.test');
    if (cookie) headers.set('cookie', cookie);
    const context = createExecutionContext();
    const response = await app.request(
      input instanceof Request ? input.url : String(input),
      { ...init, headers },
      testEnv,
      context,
    );
    await waitOnExecutionContext(context);
    expectNoSecret(await response.clone().text());
    cookie = response.headers.get('set-cookie')?.split(';')[0] ?? cookie;
    return response;
  },
});
describe('the typed client (hc<AppType>)', () => {
  it('registers, creates a conversation and reads it back with typed bodies', async () => {
    const username = `typed-${crypto.randomUUID().slice(0, 8)}`;
    const registered = await client.api.auth.register.$post({
      json: { username, email: `${username}@example.com`, password: 'correct horse battery' },
    });
    expect(registered.status).toBe(201);
    const created = await client.api.conversations.$post({
      json: {
        title: 'Typed',
        topic: 'Types all the way down',
        personas: [{ persona: 'philosopher' }, { persona: 'scientist' }],
      },
    });
    if (created.status !== 201) throw new Error(`expected 201, got ${created.status}`);
    const conversation = await created.json();
    const fetched = await client.api.conversations[':id'].$get({ param: { id: conversation.id } });
    if (fetched.status !== 200) throw new Error(`expected 200, got ${fetched.status}`);
    const detail = await fetched.json();
    expect(detail.personas.map((persona) => persona.name)).toEqual(['philosopher', 'scientist']);
    expect(detail.owner?.username).toBe(username);
    const page = await client.api.conversations.$get({ query: { mine: 'true' } });
    if (page.status !== 200) throw new Error(`expected 200, got ${page.status}`);
    expect((await page.json()).conversations[0]?.id).toBe(conversation.id);
    const personas = await client.api.personas.$get();
    if (personas.status !== 200) throw new Error(`expected 200, got ${personas.status}`);
    expect((await personas.json()).personas).toHaveLength(3);
  });
});
