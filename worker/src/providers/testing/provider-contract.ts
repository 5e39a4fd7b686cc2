/**
 * Test support: what every real provider must do through its official SDK
 * against the fake server: stream the reply, report usage and cost, send the
 * persona's model, system prompt, messages and temperature, and list models.
 * Each adapter's test file runs it for its providers.
 */
import { describe, expect, it } from 'vitest';
import { createProviderRegistry } from '../registry.ts';
import type { ProviderId, TurnEvent } from '../types.ts';
import { openFakeSpace, type FakeRequest } from './fake-space.ts';

/** One provider under contract. */
export interface ContractCase {
  provider: Exclude<ProviderId, 'demo'>;
  model: string;
  /** The cost in USD of 1000 input and 500 output tokens of `model`, from the vendor's price list. */
  costUsd: number;
  /** The credential header and value the SDK must send, if any. */
  credential?: [header: string, value: string];
  /** Provider-specific checks of the request the SDK sent (temperature, body fields, path). */
  checkRequest(request: FakeRequest): void;
}

/** The conversation every contract test sends. */
export const CONTRACT_REQUEST = {
  system: 'You are a thoughtful philosopher.',
  messages: [
    { role: 'user' as const, content: 'What is courage?' },
    { role: 'assistant' as const, content: 'A virtue between fear and rashness.' },
    { role: 'user' as const, content: 'Say more, briefly.' },
  ],
  temperature: 0.7,
  maxOutputTokens: 300,
};

/** Registers the contract tests for `cases`. */
export function describeProviderContract(cases: ContractCase[]) {
  describe.each(cases)('$provider through its SDK', (contract) => {
    it('streams the reply with its usage and cost', async () => {
      const space = await openFakeSpace();
      await space.script({
        reply: ['Courage ', 'is knowing ', 'what not to fear.'],
        usage: { inputTokens: 1000, outputTokens: 500 },
      });
      const registry = createProviderRegistry(space.config([contract.provider]));
      const events: TurnEvent[] = [];
      const result = await registry.runTurn({
        chain: [{ provider: contract.provider, model: contract.model }],
        request: CONTRACT_REQUEST,
        conversationId: null,
        signal: new AbortController().signal,
        onEvent: (event) => events.push(event),
      });
      expect(events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : []))).toEqual([
        'Courage ',
        'is knowing ',
        'what not to fear.',
      ]);
      expect(result).toMatchObject({
        text: 'Courage is knowing what not to fear.',
        provider: contract.provider,
        model: contract.model,
        usage: { inputTokens: 1000, outputTokens: 500, estimated: false },
        finishReason: 'stop',
        fallbacks: [],
      });
      expect(result.costUsd).toBeCloseTo(contract.costUsd, 10);
    });

    it('sends the model, system prompt, messages, temperature and key', async () => {
      const space = await openFakeSpace();
      const registry = createProviderRegistry(space.config([contract.provider]));
      await registry.runTurn({
        chain: [{ provider: contract.provider, model: contract.model }],
        request: CONTRACT_REQUEST,
        conversationId: null,
        signal: new AbortController().signal,
        onEvent: () => {},
      });
      const [request, ...others] = await space.requests();
      expect(others).toEqual([]);
      expect(request).toMatchObject({
        provider: contract.provider,
        kind: 'chat',
        model: contract.model,
        system: CONTRACT_REQUEST.system,
        messages: CONTRACT_REQUEST.messages.map((message) => ({ role: expect.any(String), content: message.content })),
        maxOutputTokens: 300,
      });
      if (contract.credential) expect(request!.headers[contract.credential[0]]).toBe(contract.credential[1]);
      contract.checkRequest(request!);
    });

    it('lists its models and passes its health check', async () => {
      const space = await openFakeSpace();
      await space.script({ models: [contract.model, `${contract.model}-large`] });
      const provider = createProviderRegistry(space.config([contract.provider])).get(contract.provider)!;
      expect((await provider.listModels()).map((model) => model.id)).toEqual([
        contract.model,
        `${contract.model}-large`,
      ]);
      expect(await provider.healthCheck()).toMatchObject({ ok: true });
    });

    it('reports a failed health check when the key is refused, as an auth failure whatever the status', async () => {
      const space = await openFakeSpace();
      // Refused as the real API refuses a bad key: Gemini says 400 INVALID_ARGUMENT / API_KEY_INVALID, the others 401.
      await space.script({ faults: [{ kind: 'bad-key', on: 'models' }] });
      const provider = createProviderRegistry(space.config([contract.provider])).get(contract.provider)!;
      await expect(provider.listModels()).rejects.toMatchObject({
        name: 'ProviderError',
        kind: 'auth',
        status: contract.provider === 'gemini' ? 400 : 401,
      });
      expect(await provider.healthCheck()).toMatchObject({
        ok: false,
        error: expect.stringMatching(/answered 40[01]/),
      });
    });
  });
}
