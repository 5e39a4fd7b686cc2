import { env } from 'cloudflare:workers';
import { asc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { conversations, providerCalls } from '../db/schema/index.ts';
import { writeCallRecords } from './call-log.ts';
import { DEFAULT_MODELS } from './catalog.ts';
import { createProviderRegistry, type ProviderRegistry } from './registry.ts';
import { FAKE_KEYS, FAST_RESILIENCE, openFakeSpace, type FakeFault, type FakeSpace } from './testing/fake-space.ts';
import type { ProviderCallRecord, ProviderErrorKind, ProviderId, TurnEvent } from './types.ts';

const { db, close } = openDatabase(env);
afterAll(() => close());

type RealProvider = Exclude<ProviderId, 'demo'>;

interface FaultCase {
  name: string;
  fault: Omit<FakeFault, 'provider'>;
  errorClass: ProviderErrorKind;
  /** Retried on the same provider first (it failed before any token). */
  retried: boolean;
  /** Tokens reached the viewers before the failure. */
  midStream: boolean;
}

const FAULTS: FaultCase[] = [
  { name: '500', fault: { kind: 'status-500' }, errorClass: 'server', retried: true, midStream: false },
  { name: '401', fault: { kind: 'status-401' }, errorClass: 'auth', retried: false, midStream: false },
  // As each real API refuses a bad key: Gemini with a 400 INVALID_ARGUMENT whose body says API_KEY_INVALID.
  { name: 'refused key', fault: { kind: 'bad-key' }, errorClass: 'auth', retried: false, midStream: false },
  // A Retry-After longer than retryMaxDelayMs is not waited for: the next provider takes the turn at once.
  {
    name: '429 with a long Retry-After',
    fault: { kind: 'status-429', retryAfterSeconds: 30 },
    errorClass: 'rate-limit',
    retried: false,
    midStream: false,
  },
  {
    name: 'slow first token',
    fault: { kind: 'slow-first-token', delayMs: 5_000 },
    errorClass: 'first-token-timeout',
    retried: true,
    midStream: false,
  },
  { name: 'stall mid-stream', fault: { kind: 'stall' }, errorClass: 'stalled', retried: false, midStream: true },
  { name: 'cut connection mid-stream', fault: { kind: 'cut' }, errorClass: 'network', retried: false, midStream: true },
  { name: 'malformed chunk', fault: { kind: 'malformed' }, errorClass: 'malformed', retried: false, midStream: true },
];

const PROVIDERS: RealProvider[] = ['openai', 'anthropic', 'deepseek', 'gemini', 'lm-studio', 'ollama'];

const REQUEST = {
  system: 'You are a witty comedian.',
  messages: [{ role: 'user' as const, content: 'Tell us about Mondays.' }],
  temperature: 0.9,
  maxOutputTokens: 200,
};

async function newConversation(): Promise<string> {
  const [row] = await db.insert(conversations).values({ title: 'provider faults' }).returning({ id: conversations.id });
  return row!.id;
}

/** Runs one turn along `chain`, recording its events and calls. */
async function turn(
  registry: ProviderRegistry,
  chain: ProviderId[],
  conversationId: string | null = null,
  signal = new AbortController().signal,
) {
  const events: TurnEvent[] = [];
  const calls: ProviderCallRecord[] = [];
  const result = await registry.runTurn({
    chain: chain.map((provider) => ({ provider, model: DEFAULT_MODELS[provider] })),
    request: REQUEST,
    conversationId,
    signal,
    onEvent: (event) => events.push(event),
    onCall: (record) => calls.push(record),
  });
  return { result, events, calls };
}

async function chatRequests(space: FakeSpace, provider: RealProvider) {
  return (await space.requests()).filter((request) => request.provider === provider && request.kind === 'chat').length;
}

async function loggedCalls(conversationId: string) {
  const rows = await db
    .select()
    .from(providerCalls)
    .where(eq(providerCalls.conversationId, conversationId))
    .orderBy(asc(providerCalls.startedAt));
  return rows.map((row) => [row.provider, row.outcome, row.errorClass]);
}

describe.each(PROVIDERS)('a failing %s', (provider) => {
  const fallback: RealProvider = provider === 'ollama' ? 'openai' : 'ollama';

  it.each(FAULTS)(
    'hands the turn to the next provider on a $name, and the call log says why',
    async ({ fault, errorClass, retried, midStream }) => {
      const space = await openFakeSpace();
      await space.script({ reply: ['Mondays ', 'are ', 'optional.'], faults: [{ ...fault, provider }] });
      const registry = createProviderRegistry(space.config([provider, fallback]), {
        resilience: { ...FAST_RESILIENCE, breakerThreshold: 5 },
      });
      const conversationId = await newConversation();

      const { result, events, calls } = await turn(registry, [provider, fallback], conversationId);

      expect(result).toMatchObject({
        provider: fallback,
        text: 'Mondays are optional.',
        fallbacks: [{ provider, kind: errorClass }],
      });
      const failedAt = events.findIndex((event) => event.type === 'attempt-failed');
      expect(events.slice(0, failedAt).some((event) => event.type === 'text-delta')).toBe(midStream);
      expect(await chatRequests(space, provider)).toBe(retried ? 2 : 1);

      await writeCallRecords(db, calls);
      const failures = Array.from({ length: retried ? 2 : 1 }, () => [provider, 'error', errorClass]);
      expect(await loggedCalls(conversationId)).toEqual([...failures, [fallback, 'ok', null]]);
    },
  );
});

describe('the circuit breaker', () => {
  it.each(FAULTS)(
    'opens on repeated $name, skips the provider, half-opens later and closes on success',
    async ({ fault, errorClass }) => {
      const space = await openFakeSpace();
      await space.script({ faults: [{ ...fault, provider: 'openai' }] });
      const registry = createProviderRegistry(space.config(['openai', 'anthropic']), { resilience: FAST_RESILIENCE });
      const conversationId = await newConversation();
      const calls: ProviderCallRecord[] = [];

      for (let turns = 0; registry.circuit('openai') !== 'open'; turns++) {
        expect(turns).toBeLessThan(FAST_RESILIENCE.breakerThreshold);
        const completed = await turn(registry, ['openai', 'anthropic'], conversationId);
        expect(completed.result).toMatchObject({
          provider: 'anthropic',
          fallbacks: [{ provider: 'openai', kind: errorClass }],
        });
        calls.push(...completed.calls);
      }

      const before = await chatRequests(space, 'openai');
      const skipped = await turn(registry, ['openai', 'anthropic'], conversationId);
      expect(skipped.result).toMatchObject({
        provider: 'anthropic',
        fallbacks: [{ provider: 'openai', kind: 'circuit-open' }],
      });
      expect(await chatRequests(space, 'openai')).toBe(before);
      calls.push(...skipped.calls);

      await vi.waitFor(() => expect(registry.circuit('openai')).toBe('half-open'), { timeout: 10_000, interval: 50 });
      await space.script({});
      const recovered = await turn(registry, ['openai', 'anthropic'], conversationId);
      expect(recovered.result).toMatchObject({ provider: 'openai', fallbacks: [] });
      expect(registry.circuit('openai')).toBe('closed');
      calls.push(...recovered.calls);

      await writeCallRecords(db, calls);
      const logged = await loggedCalls(conversationId);
      expect(logged).toContainEqual(['openai', 'error', errorClass]);
      expect(logged).toContainEqual(['openai', 'error', 'circuit-open']);
      expect(logged.at(-1)).toEqual(['openai', 'ok', null]);
    },
  );

  it('opens again when the half-open trial call fails', async () => {
    const space = await openFakeSpace();
    await space.script({ faults: [{ kind: 'status-500', provider: 'openai' }] });
    const registry = createProviderRegistry(space.config(['openai', 'anthropic']), { resilience: FAST_RESILIENCE });
    await turn(registry, ['openai', 'anthropic']);
    expect(registry.circuit('openai')).toBe('open');
    await vi.waitFor(() => expect(registry.circuit('openai')).toBe('half-open'), { timeout: 10_000, interval: 50 });
    const before = await chatRequests(space, 'openai');
    const trial = await turn(registry, ['openai', 'anthropic']);
    expect(trial.result.provider).toBe('anthropic');
    expect(await chatRequests(space, 'openai')).toBe(before + 1);
    expect(registry.circuit('openai')).toBe('open');
  });
});

describe('retries', () => {
  it('retries a 429 on the same provider after its Retry-After and completes there', async () => {
    const space = await openFakeSpace();
    await space.script({
      reply: ['Patience ', 'pays.'],
      faults: [{ kind: 'status-429', retryAfterSeconds: 0, times: 1, provider: 'openai' }],
    });
    const registry = createProviderRegistry(space.config(['openai', 'anthropic']), { resilience: FAST_RESILIENCE });
    const { result, events, calls } = await turn(registry, ['openai', 'anthropic']);
    expect(result).toMatchObject({ provider: 'openai', text: 'Patience pays.', fallbacks: [] });
    const starts = events.flatMap((event) => (event.type === 'attempt-start' ? [[event.attempt, event.retry]] : []));
    // The second start is a retry of the same provider, not a switch: the room tells viewers which.
    expect(starts).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(calls.map((call) => [call.provider, call.outcome, call.errorClass])).toEqual([
      ['openai', 'error', 'rate-limit'],
      ['openai', 'ok', null],
    ]);
    expect(await chatRequests(space, 'openai')).toBe(2);
  });

  it('never retries an auth failure on the same provider', async () => {
    const space = await openFakeSpace();
    await space.script({ faults: [{ kind: 'status-401', provider: 'gemini' }] });
    const registry = createProviderRegistry(space.config(['gemini', 'anthropic']), { resilience: FAST_RESILIENCE });
    const { result } = await turn(registry, ['gemini', 'anthropic']);
    expect(result.fallbacks).toEqual([{ provider: 'gemini', model: DEFAULT_MODELS.gemini, kind: 'auth' }]);
    expect(await chatRequests(space, 'gemini')).toBe(1);
  });
});

describe('secrets', () => {
  it.each(['openai', 'anthropic', 'deepseek', 'gemini'] as const)(
    'never let %s echo its key into an event or a call record',
    async (provider) => {
      const space = await openFakeSpace();
      await space.script({ faults: [{ kind: 'status-401', provider }] });
      const registry = createProviderRegistry(space.config([provider]), { resilience: FAST_RESILIENCE });
      const { result, events, calls } = await turn(registry, [provider, 'demo']);
      expect(result.provider).toBe('demo');
      const failed = events.find((event) => event.type === 'attempt-failed');
      expect(failed).toMatchObject({
        kind: 'auth',
        message: expect.stringContaining('Incorrect API key provided: ***'),
      });
      const seen = JSON.stringify([events.filter((event) => event.type !== 'text-delta'), calls]);
      for (const key of Object.values(FAKE_KEYS)) expect(seen).not.toContain(key);
      expect(JSON.stringify(calls)).not.toContain(REQUEST.messages[0]!.content);
    },
  );
});

describe('cancelling a turn', () => {
  it('stops the stream, tries no fallback and logs the call as aborted', async () => {
    const space = await openFakeSpace();
    await space.script({ faults: [{ kind: 'slow-first-token', delayMs: 5_000, provider: 'openai' }] });
    const registry = createProviderRegistry(space.config(['openai', 'anthropic']), {
      resilience: { ...FAST_RESILIENCE, firstTokenTimeoutMs: 10_000 },
    });
    const controller = new AbortController();
    const calls: ProviderCallRecord[] = [];
    const running = registry.runTurn({
      chain: [
        { provider: 'openai', model: 'gpt-4.1-mini' },
        { provider: 'anthropic', model: 'claude-haiku-4-5' },
      ],
      request: REQUEST,
      conversationId: null,
      signal: controller.signal,
      onEvent: (event) => event.type === 'attempt-start' && setTimeout(() => controller.abort(), 100),
      onCall: (record) => calls.push(record),
    });
    await expect(running).rejects.toMatchObject({ kind: 'aborted' });
    expect(calls.map((call) => [call.provider, call.outcome, call.errorClass])).toEqual([
      ['openai', 'aborted', 'aborted'],
    ]);
    expect(await chatRequests(space, 'anthropic')).toBe(0);
  });
});
