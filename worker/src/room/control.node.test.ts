import { describe, expect, it } from 'vitest';
import { RoomControlError } from './contract.ts';
import {
  afterFailure,
  afterTurn,
  applyControl,
  budgetUsedUp,
  INITIAL_CONTROL,
  MAX_TURN_FAILURES,
  nextRound,
  type ControlRecord,
} from './control.ts';

const limits = { maxTurns: 5, budgetUsd: 1 };
const running: ControlRecord = { ...INITIAL_CONTROL, status: 'running' };

function refusal(work: () => unknown) {
  try {
    work();
  } catch (error) {
    if (error instanceof RoomControlError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the room lifecycle', () => {
  it('goes idle → running → paused → running → stopped through the owner controls', () => {
    const started = applyControl(INITIAL_CONTROL, 'start', limits);
    expect(started.status).toBe('running');
    const paused = applyControl(started, 'pause', limits);
    expect(paused).toMatchObject({ status: 'paused', idlePaused: false });
    const resumed = applyControl(paused, 'resume', limits);
    expect(resumed.status).toBe('running');
    expect(applyControl(resumed, 'stop', limits)).toMatchObject({ status: 'stopped', stopReason: 'owner' });
  });

  it('refuses controls that make no sense in the current status, with invalid_transition', () => {
    expect(refusal(() => applyControl(INITIAL_CONTROL, 'pause', limits))).toEqual({
      code: 'invalid_transition',
      message: 'Cannot pause a room that is idle.',
    });
    expect(refusal(() => applyControl(INITIAL_CONTROL, 'resume', limits))?.code).toBe('invalid_transition');
    expect(refusal(() => applyControl(running, 'start', limits))?.code).toBe('invalid_transition');
    expect(refusal(() => applyControl(running, 'configure', limits))?.code).toBe('invalid_transition');
    const stopped = applyControl(running, 'stop', limits);
    expect(refusal(() => applyControl(stopped, 'stop', limits))?.code).toBe('invalid_transition');
    expect(refusal(() => applyControl(stopped, 'interject', limits))?.code).toBe('invalid_transition');
  });

  it('will not start or take interjections before it is configured', () => {
    expect(refusal(() => applyControl(INITIAL_CONTROL, 'start', null))?.code).toBe('not_configured');
    expect(refusal(() => applyControl(INITIAL_CONTROL, 'interject', null))?.code).toBe('not_configured');
  });

  it('restarts a stopped room only while turns and budget remain', () => {
    const stopped: ControlRecord = {
      ...INITIAL_CONTROL,
      status: 'stopped',
      stopReason: 'owner',
      turns: 2,
      costUsd: 0.5,
    };
    expect(applyControl(stopped, 'start', limits)).toMatchObject({ status: 'running', stopReason: null, turns: 2 });
    expect(refusal(() => applyControl({ ...stopped, turns: 5 }, 'start', limits))?.code).toBe('limit_reached');
    expect(refusal(() => applyControl({ ...stopped, costUsd: 1 }, 'start', limits))?.code).toBe('limit_reached');
  });

  it('pauses itself for lack of viewers and resumes when one returns, but not after its owner paused it', () => {
    const idle = applyControl(running, 'idle-pause', limits);
    expect(idle).toMatchObject({ status: 'paused', idlePaused: true });
    expect(applyControl(idle, 'viewer-return', limits)).toMatchObject({ status: 'running', idlePaused: false });
    const ownerPaused = applyControl(running, 'pause', limits);
    expect(applyControl(ownerPaused, 'viewer-return', limits)).toBe(ownerPaused);
    expect(applyControl(INITIAL_CONTROL, 'idle-pause', limits)).toBe(INITIAL_CONTROL);
  });

  it('stops after the last of maxTurns', () => {
    let record = running;
    for (let turn = 1; turn <= 4; turn++) record = afterTurn(record, { costUsd: 0, persona: 'a' }, limits, ['a', 'b']);
    expect(record).toMatchObject({ status: 'running', turns: 4 });
    expect(afterTurn(record, { costUsd: 0, persona: 'a' }, limits, ['a', 'b'])).toMatchObject({
      status: 'stopped',
      stopReason: 'max-turns',
      turns: 5,
    });
  });

  it('on crossing the budget, gives each persona a closing remark, then stops with reason budget', () => {
    const crossed = afterTurn(running, { costUsd: 1.2, persona: 'a' }, limits, ['b', 'a']);
    expect(crossed).toMatchObject({ status: 'running', closing: ['b', 'a'], costUsd: 1.2 });
    const one = afterTurn(crossed, { costUsd: 0.01, persona: 'b' }, limits, ['b', 'a']);
    expect(one).toMatchObject({ status: 'running', closing: ['a'] });
    expect(afterTurn(one, { costUsd: 0.01, persona: 'a' }, limits, ['b', 'a'])).toMatchObject({
      status: 'stopped',
      stopReason: 'budget',
      closing: null,
      turns: 3,
    });
  });

  it('counts a free conversation as never over budget', () => {
    expect(budgetUsedUp({ costUsd: 0 }, { budgetUsd: 0 })).toBe(false);
    expect(budgetUsedUp({ costUsd: 0.001 }, { budgetUsd: 0 })).toBe(true);
  });

  it('stops with reason error after repeated turns on which every provider failed', () => {
    let record = running;
    for (let failure = 1; failure < MAX_TURN_FAILURES; failure++) record = afterFailure(record);
    expect(record.status).toBe('running');
    expect(afterFailure(record)).toMatchObject({ status: 'stopped', stopReason: 'error' });
  });
});

describe('rounds', () => {
  it('continue a room in rounds stopped at maxTurns while anyone watches, and nothing else', () => {
    const done = afterTurn({ ...running, turns: 4 }, { costUsd: 0, persona: 'ada' }, limits, []);
    expect(done).toMatchObject({ status: 'stopped', stopReason: 'max-turns', turns: 5 });
    expect(nextRound(done, { roundTurns: 3 }, 1)).toEqual({
      record: { ...done, status: 'running', stopReason: null, failures: 0 },
      maxTurns: 8,
    });
    expect(nextRound(done, { roundTurns: 3 }, 0)).toBeNull();
    expect(nextRound(done, {}, 2)).toBeNull();
    expect(nextRound({ ...done, stopReason: 'owner' }, { roundTurns: 3 }, 2)).toBeNull();
    expect(nextRound(running, { roundTurns: 3 }, 2)).toBeNull();
  });
});
