import { describe, expect, it } from 'vitest';
import type { RoomState } from '../room/contract.ts';
import { LIVE_LOOKUP_LIMIT, withLiveDetails } from './live-details.ts';
import type { ApiConversation } from './schema.ts';

const personas = [
  {
    name: 'philosopher',
    displayName: 'The Philosopher',
    temperature: 0.7,
    style: 'contemplative',
    avgLength: 150,
    traits: [],
    avatar: '🦉',
    color: '#7c5cbf',
    provider: 'demo' as const,
    model: 'chimera-demo',
  },
  {
    name: 'comedian',
    displayName: 'The Comedian',
    temperature: 0.9,
    style: 'humorous',
    avgLength: 80,
    traits: [],
    avatar: '🎭',
    color: '#e0a030',
    provider: 'demo' as const,
    model: 'chimera-demo',
  },
];

function row(id: string, status: ApiConversation['status']): ApiConversation {
  return {
    id,
    title: `Room ${id}`,
    topic: 'anything',
    mode: 'sequential',
    visibility: 'public',
    status,
    maxTurns: 20,
    budgetUsd: 1,
    replyCache: false,
    voteNext: false,
    suggestionEvery: 0,
    demo: false,
    owner: null,
    personas,
    createdAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:00:00.000Z',
  };
}

function state(overrides: Partial<RoomState>): RoomState {
  return {
    status: 'running',
    turns: 3,
    costUsd: 0,
    viewers: 0,
    lastSeq: 10,
    speaking: null,
    stopReason: null,
    idlePaused: false,
    ...overrides,
  };
}

const env = {} as Parameters<typeof withLiveDetails>[0];

describe('the lobby’s live details', () => {
  it('names who is speaking by display name and counts viewers, asking only running and paused rooms', async () => {
    const asked: string[] = [];
    const states: Record<string, RoomState> = {
      a: state({ speaking: 'comedian', viewers: 4, turns: 7 }),
      b: state({ status: 'paused', idlePaused: true }),
      c: state({ status: 'paused', idlePaused: false }),
    };
    const rows = await withLiveDetails(
      env,
      [row('a', 'running'), row('b', 'paused'), row('c', 'paused'), row('d', 'idle'), row('e', 'stopped')],
      async (id) => {
        asked.push(id);
        return states[id]!;
      },
    );
    expect(asked.sort()).toEqual(['a', 'b', 'c']);
    expect(rows.map((entry) => [entry.id, entry.status, entry.live])).toEqual([
      [
        'a',
        'running',
        { speaking: { name: 'comedian', displayName: 'The Comedian' }, viewers: 4, turns: 7, idlePaused: false },
      ],
      ['b', 'paused', { speaking: null, viewers: 0, turns: 3, idlePaused: true }],
      ['c', 'paused', null],
      ['d', 'idle', null],
      ['e', 'stopped', null],
    ]);
  });

  it('takes the room’s fresher status over a cached one, and shows a room that fails without details', async () => {
    const rows = await withLiveDetails(env, [row('stopped-since', 'running'), row('broken', 'running')], async (id) => {
      if (id === 'broken') throw new Error('room_unavailable');
      return state({ status: 'stopped', stopReason: 'max-turns' });
    });
    expect(rows.map((entry) => [entry.status, entry.live])).toEqual([
      ['stopped', null],
      ['running', null],
    ]);
  });

  it(`asks at most ${LIVE_LOOKUP_LIMIT} rooms per page`, async () => {
    let asked = 0;
    const many = Array.from({ length: LIVE_LOOKUP_LIMIT + 6 }, (_, index) => row(String(index), 'running'));
    const rows = await withLiveDetails(env, many, async () => {
      asked += 1;
      return state({});
    });
    expect(asked).toBe(LIVE_LOOKUP_LIMIT);
    expect(rows.filter((entry) => entry.live !== null)).toHaveLength(LIVE_LOOKUP_LIMIT);
  });
});
