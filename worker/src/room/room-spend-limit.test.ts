import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { dailySpendUsd } from '../spend/limits.ts';
import { openFakeSpace } from '../providers/testing/fake-space.ts';
import type { RoomPersona, RoomResult } from './contract.ts';
import { demoPersonas, finished, insideRoom, isStopped, openRoom, postgresMessages, providersFrom } from './testing.ts';

/** 100k tokens in, 50k out on gpt-4.1-mini: 0.12 USD a turn. */
const PRICED_USAGE = { inputTokens: 100_000, outputTokens: 50_000 };
const TURN_COST = 0.12;

async function pricedRoom(limits: { dailyUsd: number; conversationUsd: number; warningRatio: number }, maxTurns = 50) {
  const space = await openFakeSpace();
  await space.script({ reply: ['A priced ', 'reply.'], usage: PRICED_USAGE });
  const personas: RoomPersona[] = demoPersonas().map((persona) => ({
    ...persona,
    provider: 'openai',
    model: 'gpt-4.1-mini',
  }));
  // The room's own budget is far away: only the configured limits can stop it.
  const opened = await openRoom({ personas, maxTurns, budgetUsd: 50 });
  await insideRoom(opened.id, (conversation) => {
    conversation.useDependencies({ ...providersFrom(space.config(['openai'])), spendLimits: limits });
  });
  return opened;
}

function logLines(spy: { mock: { calls: unknown[][] } }): Record<string, unknown>[] {
  return spy.mock.calls.flatMap((call) => {
    try {
      return [JSON.parse(String(call[0])) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

/** A refusal a room call answers, as `code: message`; empty when accepted. */
async function refusal(call: Promise<RoomResult<unknown>>): Promise<string> {
  const result = await call;
  return result.ok ? '' : `${result.code}: ${result.message}`;
}

async function spentToday(): Promise<number> {
  const { db, close } = openDatabase(env);
  try {
    return await dailySpendUsd(db);
  } finally {
    await close();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('the configured spend limits', () => {
  it('stop a conversation before the turn that would follow crossing its limit, say why, warn first, and refuse a restart', async () => {
    const warn = vi.spyOn(console, 'warn');
    const { id, room, viewer } = await pricedRoom({ dailyUsd: 0, conversationUsd: 0.3, warningRatio: 0.5 });
    await room.start();
    await viewer.until(isStopped);

    const state = await room.state();
    // 0.12 and 0.24 are under 0.30, so a third turn is taken; at 0.36 no fourth starts.
    expect(state).toMatchObject({ status: 'stopped', stopReason: 'spend-limit', turns: 3 });
    expect(state.costUsd).toBeCloseTo(3 * TURN_COST);
    const messages = finished(viewer);
    expect(messages.filter((message) => message.senderType === 'ai')).toHaveLength(3);
    const notice = messages.at(-1)!;
    expect(notice).toMatchObject({
      senderType: 'system',
      author: 'Moderator',
      metadata: { spendLimit: 'conversation' },
    });
    expect(notice.content).toBe(
      "This conversation's spend limit of $0.30 is reached ($0.3600 spent): the conversation stops here.",
    );

    expect(await refusal(room.start())).toMatch(
      /^limit_reached: This conversation's spend limit of \$0\.30 is reached/,
    );
    // The notice reaches Postgres like any message: the dashboard lists the stop from there.
    await vi.waitFor(async () => {
      const stored = (await postgresMessages(id)).at(-1);
      expect(stored).toMatchObject({
        senderType: 'system',
        content: notice.content,
        metadata: expect.objectContaining({ spendLimit: 'conversation' }),
      });
    });
    expect(await room.state()).toMatchObject({ status: 'stopped', stopReason: 'spend-limit', turns: 3 });

    const lines = logLines(warn).filter((line) => line.conversationId === id);
    // The warning (from 0.15 USD) once, then the stop; each line names the conversation and the limit.
    expect(lines.filter((line) => line.event === 'spend-warning')).toEqual([
      expect.objectContaining({ level: 'warn', limit: 'conversation', limitUsd: 0.3, spentUsd: 0.24 }),
    ]);
    expect(lines.filter((line) => line.event === 'spend-limit-reached')).toEqual([
      expect.objectContaining({ limit: 'conversation', limitUsd: 0.3, spentUsd: 0.36 }),
    ]);
    viewer.close();
  });

  it("stop a conversation once the day's spend across conversations reaches the daily limit, counting calls not yet in Postgres", async () => {
    // Other tests spend too: the limit sits 0.10 above today's spend, so this room's first turn (0.12) crosses it.
    // When another test's spend lands between that read and the start, the start is refused: read again, up to 3 times.
    const openPriced = async () => {
      const limit = (await spentToday()) + 0.1;
      return { limit, ...(await pricedRoom({ dailyUsd: limit, conversationUsd: 0, warningRatio: 0.8 })) };
    };
    let opened = await openPriced();
    for (let attempt = 1; !(await opened.room.start()).ok && attempt < 3; attempt++) {
      opened.viewer.close();
      opened = await openPriced();
    }
    const { id, limit, room, viewer } = opened;
    await viewer.until(isStopped);
    const state = await room.state();
    expect(state).toMatchObject({ status: 'stopped', stopReason: 'spend-limit' });
    expect(state.turns).toBeLessThanOrEqual(1);
    const notice = finished(viewer).at(-1)!;
    expect(notice).toMatchObject({ senderType: 'system', author: 'Moderator', metadata: { spendLimit: 'daily' } });
    expect(notice.content).toBe(
      `The daily spend limit of $${limit.toFixed(2)} for all conversations is reached ($${notice.content.match(/\(\$([\d.]+) spent/)?.[1]} spent): the conversation stops here.`,
    );
    expect(Number(notice.content.match(/\(\$([\d.]+) spent/)?.[1])).toBeGreaterThanOrEqual(limit);
    expect(await refusal(room.start())).toMatch(
      /^limit_reached: The daily spend limit of \$[\d.]+ for all conversations is reached/,
    );
    expect(await insideRoom(id, (conversation) => conversation.store.control().stopReason)).toBe('spend-limit');
    viewer.close();
  });

  it('let a conversation under every limit run to its own end', async () => {
    const { room, viewer } = await pricedRoom({ dailyUsd: 0, conversationUsd: 10, warningRatio: 0.8 }, 2);
    await room.start();
    await viewer.until(isStopped);
    expect(await room.state()).toMatchObject({ status: 'stopped', stopReason: 'max-turns', turns: 2 });
    viewer.close();
  });
});
