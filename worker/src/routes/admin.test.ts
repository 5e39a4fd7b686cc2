import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { conversations, messages } from '../db/schema/index.ts';
import { writeCallRecords } from '../providers/call-log.ts';
import { createProviderRegistry } from '../providers/registry.ts';
import { FAST_RESILIENCE, openFakeSpace, type FakeFault } from '../providers/testing/fake-space.ts';
import type { ProviderCallRecord, ProviderChoice } from '../providers/types.ts';
import { adminClient, type AdminClient } from '../testing/admin.ts';
import { testClient } from '../testing/client.ts';
import { createConversation } from '../testing/conversations.ts';
import { watch } from '../testing/viewer.ts';

const { db, close } = openDatabase(env);
afterAll(() => close());

// High breaker threshold: every scripted failure reaches the provider instead of a skip.
const FAST = { ...FAST_RESILIENCE, breakerThreshold: 50 };

/** Limits the stats are asked under, so every spend level shows up. */
const LIMITS = { DAILY_SPEND_LIMIT_USD: '0.05', CONVERSATION_SPEND_LIMIT_USD: '0.02', SPEND_WARNING_RATIO: '0.5' };

const round = (value: number, digits = 8) => Number(value.toFixed(digits));

/** Postgres's percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

function percentiles(values: number[]) {
  return values.length === 0
    ? null
    : {
        p50: round(percentile(values, 0.5), 6),
        p95: round(percentile(values, 0.95), 6),
        p99: round(percentile(values, 0.99), 6),
      };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

let admin: AdminClient;
beforeAll(async () => {
  admin = await adminClient(LIMITS);
});

const asAdmin = (path: string) => admin.asAdmin(path);

interface ScriptedTurn {
  conversation: number;
  chain: ('a' | 'b')[];
  faults: FakeFault[];
  usage: { inputTokens: number; outputTokens: number };
}

describe('GET /api/admin/stats', () => {
  it('reports every call-log figure of a window as computed from the calls themselves, including failures', async () => {
    const space = await openFakeSpace();
    const registry = createProviderRegistry(space.config(['openai', 'anthropic']), { resilience: FAST });
    const tag = crypto.randomUUID().slice(0, 8);
    // Models of this test alone (priced at the fallback rate, $5/$20 per million): its figures are its own.
    const models = {
      a: { provider: 'openai', model: `stats-${tag}-a` },
      b: { provider: 'anthropic', model: `stats-${tag}-b` },
    } satisfies Record<string, ProviderChoice>;
    const conversationIds: string[] = [];
    // Cheap C is private: the admin sees its figures, not its id or title.
    for (const name of ['Costly A', 'Costly B', 'Cheap C']) {
      const visibility = name === 'Cheap C' ? 'private' : 'public';
      const [row] = await db
        .insert(conversations)
        .values({ title: `${name} ${tag}`, visibility })
        .returning({ id: conversations.id });
      conversationIds.push(row!.id);
    }
    const turns: ScriptedTurn[] = [
      { conversation: 0, chain: ['a', 'b'], faults: [], usage: { inputTokens: 1000, outputTokens: 300 } },
      {
        conversation: 0,
        chain: ['a', 'b'],
        faults: [{ kind: 'status-500', provider: 'openai' }],
        usage: { inputTokens: 2000, outputTokens: 350 },
      },
      {
        conversation: 1,
        chain: ['a', 'b'],
        faults: [{ kind: 'status-401', provider: 'openai' }],
        usage: { inputTokens: 3000, outputTokens: 200 },
      },
      {
        conversation: 1,
        chain: ['a', 'b'],
        faults: [{ kind: 'stall', provider: 'openai' }],
        usage: { inputTokens: 1500, outputTokens: 500 },
      },
      { conversation: 2, chain: ['b'], faults: [], usage: { inputTokens: 900, outputTokens: 100 } },
    ];

    // A private hour in the past: the calls are real runs against the fake server, moved (turn by
    // turn, keeping their own timing) into an hour no other test writes to, so the window holds them alone.
    const until = new Date(
      Date.UTC(
        2001 + Math.floor(Math.random() * 19),
        Math.floor(Math.random() * 12),
        1 + Math.floor(Math.random() * 28),
        3 + Math.floor(Math.random() * 18),
        30,
      ),
    );
    const from = new Date(until.getTime() - 3_600_000);
    const records: ProviderCallRecord[] = [];
    for (const [index, turn] of turns.entries()) {
      await space.script({ reply: ['Figures ', 'that ', 'add up.'], usage: turn.usage, faults: turn.faults });
      const calls: ProviderCallRecord[] = [];
      await registry.runTurn({
        chain: turn.chain.map((key) => models[key]),
        request: {
          system: 'Be brief.',
          messages: [{ role: 'user', content: 'Count.' }],
          temperature: 0.5,
          maxOutputTokens: 50,
        },
        conversationId: conversationIds[turn.conversation]!,
        signal: new AbortController().signal,
        onEvent: () => {},
        onCall: (record) => calls.push(record),
      });
      const turnStart = Date.parse(calls[0]!.startedAt);
      const base = from.getTime() + (5 + index * 10) * 60_000;
      for (const call of calls)
        records.push({ ...call, startedAt: new Date(base + Date.parse(call.startedAt) - turnStart).toISOString() });
    }
    expect(records.map((record) => [record.provider, record.outcome, record.errorClass])).toEqual([
      ['openai', 'ok', null],
      ['openai', 'error', 'server'],
      ['openai', 'error', 'server'],
      ['anthropic', 'ok', null],
      ['openai', 'error', 'auth'],
      ['anthropic', 'ok', null],
      ['openai', 'error', 'stalled'],
      ['anthropic', 'ok', null],
      ['anthropic', 'ok', null],
    ]);
    expect(await writeCallRecords(db, records)).toBe(records.length);
    // The Moderator's notice of a spend-limit stop, as the room's outbox writes it (room/spend-guard.ts).
    const stoppedAt = new Date(from.getTime() + 50 * 60_000);
    await db.insert(messages).values({
      conversationId: conversationIds[0]!,
      senderType: 'system',
      persona: null,
      senderId: null,
      content: "This conversation's spend limit of $0.02 is reached ($0.0260 spent): the conversation stops here.",
      metadata: { spendLimit: 'conversation', seq: 9, author: 'Moderator' },
      createdAt: stoppedAt,
    });

    const response = await asAdmin(`/api/admin/stats?window=hour&until=${until.toISOString()}`);
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('x-cache')).toBe('miss');
    const stats = response.body;

    // The span and its buckets: twelve of five minutes.
    expect(stats).toMatchObject({
      window: 'hour',
      from: from.toISOString(),
      until: until.toISOString(),
      bucketSeconds: 300,
    });
    expect(stats.buckets).toEqual(
      Array.from({ length: 12 }, (_, index) => new Date(from.getTime() + index * 300_000).toISOString()),
    );

    // Per provider and model.
    const expectedModels = Object.values(models).map((choice) => {
      const calls = records.filter((record) => record.provider === choice.provider && record.model === choice.model);
      const errorsByClass: Record<string, number> = {};
      for (const call of calls)
        if (call.outcome === 'error') errorsByClass[call.errorClass!] = (errorsByClass[call.errorClass!] ?? 0) + 1;
      return {
        ...choice,
        calls: calls.length,
        ok: calls.filter((call) => call.outcome === 'ok').length,
        errors: calls.filter((call) => call.outcome === 'error').length,
        aborted: calls.filter((call) => call.outcome === 'aborted').length,
        errorsByClass,
        timeToFirstTokenMs: percentiles(
          calls.flatMap((call) => (call.timeToFirstTokenMs === null ? [] : [call.timeToFirstTokenMs])),
        ),
        durationMs: percentiles(calls.filter((call) => call.outcome === 'ok').map((call) => call.durationMs)),
        inputTokens: sum(calls.map((call) => call.inputTokens)),
        outputTokens: sum(calls.map((call) => call.outputTokens)),
        costUsd: round(sum(calls.map((call) => round(call.costUsd)))),
      };
    });
    const roundModel = (model: any) => ({
      ...model,
      costUsd: round(model.costUsd),
      timeToFirstTokenMs: model.timeToFirstTokenMs && percentilesOf(model.timeToFirstTokenMs),
      durationMs: model.durationMs && percentilesOf(model.durationMs),
    });
    const percentilesOf = (value: { p50: number; p95: number; p99: number }) => ({
      p50: round(value.p50, 6),
      p95: round(value.p95, 6),
      p99: round(value.p99, 6),
    });
    // Ordered by provider, then model.
    expect(stats.models.map(roundModel)).toEqual([expectedModels[1], expectedModels[0]]);
    expect(expectedModels[0]).toMatchObject({ calls: 5, errors: 4, errorsByClass: { server: 2, auth: 1, stalled: 1 } });
    // The stalled call streamed before it failed: it has a first token, so openai's TTFT covers two calls.
    expect(records.filter((record) => record.provider === 'openai' && record.timeToFirstTokenMs !== null)).toHaveLength(
      2,
    );

    // Totals.
    expect({ ...stats.totals, costUsd: round(stats.totals.costUsd) }).toEqual({
      calls: records.length,
      errors: records.filter((record) => record.outcome === 'error').length,
      costUsd: round(sum(records.map((record) => round(record.costUsd)))),
      inputTokens: sum(records.map((record) => record.inputTokens)),
      outputTokens: sum(records.map((record) => record.outputTokens)),
    });
    expect(stats.totals.costUsd).toBeGreaterThan(0);

    // Series per provider and bucket.
    const expectedSeries = ['openai', 'anthropic'].map((provider) => {
      const inBucket = (bucket: number) =>
        records.filter(
          (record) =>
            record.provider === provider &&
            Math.floor((Date.parse(record.startedAt) - from.getTime()) / 300_000) === bucket,
        );
      const buckets = Array.from({ length: 12 }, (_, bucket) => inBucket(bucket));
      const okDurations = (calls: ProviderCallRecord[]) =>
        calls.filter((call) => call.outcome === 'ok').map((call) => call.durationMs);
      return {
        provider,
        calls: buckets.map((calls) => calls.length),
        errors: buckets.map((calls) => calls.filter((call) => call.outcome === 'error').length),
        costUsd: buckets.map((calls) => round(sum(calls.map((call) => round(call.costUsd))))),
        durationP50Ms: buckets.map((calls) =>
          okDurations(calls).length ? round(percentile(okDurations(calls), 0.5), 6) : null,
        ),
        durationP95Ms: buckets.map((calls) =>
          okDurations(calls).length ? round(percentile(okDurations(calls), 0.95), 6) : null,
        ),
      };
    });
    const roundSeries = (series: any) => ({
      ...series,
      costUsd: series.costUsd.map((value: number) => round(value)),
      durationP50Ms: series.durationP50Ms.map((value: number | null) => (value === null ? null : round(value, 6))),
      durationP95Ms: series.durationP95Ms.map((value: number | null) => (value === null ? null : round(value, 6))),
    });
    expect(
      [...stats.series]
        .sort((a: any, b: any) => (a.provider === 'openai' ? -1 : b.provider === 'openai' ? 1 : 0))
        .map(roundSeries),
    ).toEqual(expectedSeries);

    // The most expensive conversations, with their spend against CONVERSATION_SPEND_LIMIT_USD (0.02, warning from 0.01).
    const expectedConversations = conversationIds
      .map((conversationId, index) => {
        const calls = records.filter((record) => record.conversationId === conversationId);
        const costUsd = round(sum(calls.map((call) => round(call.costUsd))));
        return {
          conversationId,
          title: `${['Costly A', 'Costly B', 'Cheap C'][index]} ${tag}`,
          private: index === 2,
          turns: calls.filter((call) => call.outcome === 'ok').length,
          calls: calls.length,
          costUsd,
          totalCostUsd: costUsd,
          spendLevel: costUsd >= 0.02 ? 'exceeded' : costUsd >= 0.01 ? 'warning' : 'ok',
          viewers: 0,
        };
      })
      .sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || a.conversationId.localeCompare(b.conversationId))
      .map((row) => (row.private ? { ...row, conversationId: null, title: null } : row));
    expect(
      stats.conversations.map((row: any) => ({
        ...row,
        costUsd: round(row.costUsd),
        totalCostUsd: round(row.totalCostUsd),
      })),
    ).toEqual(expectedConversations);
    // The limits are low enough that the conversations land on different levels.
    expect(new Set(expectedConversations.map((row) => row.spendLevel)).size).toBeGreaterThan(1);
    expect(response.text).not.toContain(conversationIds[2]);
    expect(response.text).not.toContain(`Cheap C ${tag}`);

    // The day of `until` up to `until`: these calls alone, against DAILY_SPEND_LIMIT_USD (0.05, warning from 0.025).
    const daily = round(sum(records.map((record) => round(record.costUsd))));
    expect({ ...stats.spend, dailySpentUsd: round(stats.spend.dailySpentUsd) }).toEqual({
      stops: [
        {
          conversationId: conversationIds[0],
          title: `Costly A ${tag}`,
          private: false,
          limit: 'conversation',
          at: stoppedAt.toISOString(),
        },
      ],
      dailySpentUsd: daily,
      dailyLimitUsd: 0.05,
      dailyLevel: daily >= 0.05 ? 'exceeded' : daily >= 0.025 ? 'warning' : 'ok',
      conversationLimitUsd: 0.02,
      warningRatio: 0.5,
    });

    // The day window over the same end holds the same calls in 24 hourly buckets.
    const day = (await asAdmin(`/api/admin/stats?window=day&until=${until.toISOString()}`)).body;
    expect(day.buckets).toHaveLength(24);
    expect(day.totals).toEqual(stats.totals);
    expect(day.series.find((series: any) => series.provider === 'openai').calls[23]).toBe(5);

    // Asked again within the cache period: the same answer, from Redis.
    const again = await asAdmin(`/api/admin/stats?window=hour&until=${until.toISOString()}`);
    expect(again.headers.get('x-cache')).toBe('hit');
    expect(again.body).toEqual(stats);
  });

  it('reports the live rooms with their viewers and outbox backlog, and the circuits of this isolate', async () => {
    const id = await createConversation(admin, { maxTurns: 200 });
    expect((await admin.post(`/api/conversations/${id}/start`)).status).toBe(200);
    const viewers = [await watch(testClient(), id), await watch(testClient(), id)];
    await viewers[0]!.next('message-end');

    const response = await asAdmin('/api/admin/stats?window=week');
    expect(response.status, response.text).toBe(200);
    const { system } = response.body;
    expect(system.rooms.find((room: any) => room.conversationId === id)).toMatchObject({
      status: 'running',
      viewers: 2,
      outboxPending: expect.any(Number),
      outboxQuarantined: 0,
      turns: expect.any(Number),
      costUsd: 0,
    });
    const rooms: any[] = system.rooms;
    expect(system.liveRooms).toBe(rooms.filter((room) => room.status === 'running').length);
    expect(system.viewers).toBe(sum(rooms.map((room) => room.viewers)));
    expect(system.outboxBacklog).toBe(sum(rooms.map((room) => room.outboxPending)));
    expect(system.quarantinedRows).toBe(sum(rooms.map((room) => room.outboxQuarantined)));
    expect(system.circuits.map((circuit: any) => [circuit.provider, circuit.configured])).toEqual([
      ['openai', true],
      ['anthropic', true],
      ['deepseek', true],
      ['gemini', true],
      ['lm-studio', false],
      ['ollama', false],
      ['demo', true],
    ]);
    expect(system.circuits.every((circuit: any) => circuit.state === 'closed')).toBe(true);

    for (const viewer of viewers) viewer.close();
    expect((await admin.post(`/api/conversations/${id}/stop`)).status).toBe(200);
  });

  it('lists a live private room by its figures, without its id or title', async () => {
    const title = `Secret ${crypto.randomUUID().slice(0, 8)}`;
    const id = await createConversation(admin, { maxTurns: 200, visibility: 'private', title });
    expect((await admin.post(`/api/conversations/${id}/start`)).status).toBe(200);
    const viewer = await watch(admin, id);
    await viewer.next('snapshot');
    // Not the week window the test above asked for: its answer may still be cached.
    const response = await asAdmin('/api/admin/stats?window=day');
    expect(response.status, response.text).toBe(200);
    expect(response.text).not.toContain(id);
    expect(response.text).not.toContain(title);
    expect(response.body.system.rooms).toContainEqual(
      expect.objectContaining({ conversationId: null, title: null, private: true, status: 'running' }),
    );
    viewer.close();
    expect((await admin.post(`/api/conversations/${id}/stop`)).status).toBe(200);
  });
});
