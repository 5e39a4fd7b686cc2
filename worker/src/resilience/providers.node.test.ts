import { describe, expect, it } from 'vitest';
import { createRetryPolicy, DEFAULT_RESILIENCE, StreamedFailure, withStreamTimeouts } from './providers.ts';
import { ProviderError, type StreamEvent } from '../providers/types.ts';

const options = { ...DEFAULT_RESILIENCE, retries: 2, retryBaseDelayMs: 1, retryMaxDelayMs: 200 };

/** Runs `failures` through the retry policy, then succeeds; returns the delays it chose. */
async function delaysFor(failures: Error[]) {
  const policy = createRetryPolicy(options);
  const delays: number[] = [];
  policy.onRetry((event) => delays.push(event.delay));
  let call = 0;
  const outcome = await policy
    .execute(async () => {
      const failure = failures[call++];
      if (failure) throw failure;
      return 'done';
    })
    .catch((error: unknown) => error);
  return { outcome, delays, calls: call };
}

describe('the retry policy', () => {
  it('waits at least a 429 Retry-After before the next attempt', async () => {
    const { outcome, delays } = await delaysFor([
      new ProviderError('openai', 'rate-limit', '429', { status: 429, retryAfterMs: 120 }),
    ]);
    expect(outcome).toBe('done');
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(120);
  });

  it('backs off with jitter, bounded by retryMaxDelayMs, and gives up after its retries', async () => {
    const server = () => new ProviderError('anthropic', 'server', '500', { status: 500 });
    const { outcome, delays, calls } = await delaysFor([server(), server(), server()]);
    expect(outcome).toMatchObject({ kind: 'server' });
    expect(calls).toBe(3);
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(200);
  });

  it('does not retry a Retry-After beyond its bound, a refused key, or a failure after tokens', async () => {
    const tooLong = new ProviderError('openai', 'rate-limit', '429', { status: 429, retryAfterMs: 60_000 });
    const auth = new ProviderError('openai', 'auth', '401', { status: 401 });
    const streamed = new StreamedFailure(new ProviderError('openai', 'network', 'cut'));
    for (const failure of [tooLong, auth, streamed]) {
      const { outcome, calls } = await delaysFor([failure]);
      expect(outcome).toBe(failure);
      expect(calls).toBe(1);
    }
  });
});

async function* paced(gaps: number[]): AsyncGenerator<StreamEvent> {
  for (const gap of gaps) {
    await new Promise((resolve) => setTimeout(resolve, gap));
    yield { type: 'text-delta', text: 'word ' };
  }
  yield { type: 'finish', reason: 'stop', usage: { inputTokens: 1, outputTokens: gaps.length, estimated: true } };
}

async function drain(gaps: number[], signal = new AbortController().signal) {
  const seen: StreamEvent[] = [];
  let released: AbortSignal | undefined;
  const stream = withStreamTimeouts(
    'ollama',
    (inner) => {
      released = inner;
      return paced(gaps);
    },
    { firstTokenTimeoutMs: 100, stallTimeoutMs: 100 },
    signal,
  );
  const error = await (async () => {
    for await (const event of stream) seen.push(event);
  })().catch((failure: unknown) => failure);
  return { seen, error, released };
}

describe('stream timeouts', () => {
  it('let a steady stream through', async () => {
    const { seen, error } = await drain([10, 10, 10]);
    expect(error).toBeUndefined();
    expect(seen.map((event) => event.type)).toEqual(['text-delta', 'text-delta', 'text-delta', 'finish']);
  });

  it('fail a stream whose first token is late, and abort its request', async () => {
    const { seen, error, released } = await drain([1_000]);
    expect(error).toMatchObject({ kind: 'first-token-timeout', provider: 'ollama' });
    expect(seen).toEqual([]);
    expect(released?.aborted).toBe(true);
  });

  it('fail a stream that goes silent after its first token as stalled', async () => {
    const { seen, error } = await drain([5, 1_000]);
    expect(error).toMatchObject({ kind: 'stalled' });
    expect(seen).toHaveLength(1);
  });
});
