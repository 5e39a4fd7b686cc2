import { describe, expect, it } from 'vitest';
import { createDemoProvider } from './demo/demo.ts';
import { createTurnPolicies, runTurn } from './turn.ts';
import { ProviderError, type ChatProvider, type ProviderCallRecord, type ProviderId, type TurnEvent } from './types.ts';

const demo = createDemoProvider({ paceMs: 0 });

/** A provider that streams `before` words and then fails with `kind`. */
function failing(id: ProviderId, before: number, kind: ProviderError['kind']): ChatProvider {
  return {
    id,
    label: id,
    async *streamChat() {
      for (let index = 0; index < before; index++) yield { type: 'text-delta', text: `partial${index} ` };
      throw new ProviderError(id, kind, `${id} failed`);
    },
    listModels: async () => [],
    healthCheck: async () => ({ ok: false, latencyMs: 0 }),
  };
}

/** Policies without waits: these providers fail at once. */
const quick = () => createTurnPolicies({ retryBaseDelayMs: 1, retryMaxDelayMs: 5 });

const request = {
  system: 'You are terse.',
  messages: [{ role: 'user' as const, content: 'Hello there, philosophers' }],
  temperature: 0.5,
  maxOutputTokens: 100,
  seed: 3,
};

describe('runTurn', () => {
  it('falls back mid-stream to the next provider and completes the turn there', async () => {
    const providers = new Map<ProviderId, ChatProvider>([
      ['openai', failing('openai', 3, 'stalled')],
      ['demo', demo],
    ]);
    const events: TurnEvent[] = [];
    const calls: ProviderCallRecord[] = [];
    const result = await runTurn((id) => providers.get(id), {
      chain: [
        { provider: 'openai', model: 'gpt-4.1-mini' },
        { provider: 'demo', model: 'chimera-demo' },
      ],
      request,
      conversationId: null,
      signal: new AbortController().signal,
      onEvent: (event) => events.push(event),
      onCall: (record) => calls.push(record),
    });
    expect(result).toMatchObject({
      provider: 'demo',
      model: 'chimera-demo',
      fallbacks: [{ provider: 'openai', kind: 'stalled' }],
    });
    expect(result.text).not.toContain('partial');
    expect(events.map((event) => event.type).slice(0, 6)).toEqual([
      'attempt-start',
      'text-delta',
      'text-delta',
      'text-delta',
      'attempt-failed',
      'attempt-start',
    ]);
    expect(calls.map((call) => [call.provider, call.outcome, call.errorClass])).toEqual([
      ['openai', 'error', 'stalled'],
      ['demo', 'ok', null],
    ]);
  });

  it('skips providers that are not configured and throws when every one fails', async () => {
    const providers = new Map<ProviderId, ChatProvider>([['anthropic', failing('anthropic', 0, 'rate-limit')]]);
    const attempt = runTurn(
      (id) => providers.get(id),
      {
        chain: [
          { provider: 'openai', model: 'x' },
          { provider: 'anthropic', model: 'y' },
        ],
        request,
        conversationId: 'c',
        signal: new AbortController().signal,
        onEvent: () => {},
      },
      quick(),
    );
    await expect(attempt).rejects.toMatchObject({ kind: 'rate-limit', provider: 'anthropic' });
  });

  it('tries no fallback once the turn is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const starts: string[] = [];
    const attempt = runTurn((id) => (id === 'demo' ? demo : undefined), {
      chain: [{ provider: 'demo', model: 'chimera-demo' }],
      request,
      conversationId: null,
      signal: controller.signal,
      onEvent: (event) => event.type === 'attempt-start' && starts.push(event.provider),
    });
    await expect(attempt).rejects.toMatchObject({ kind: 'aborted' });
    expect(starts).toEqual(['demo']);
  });
});
