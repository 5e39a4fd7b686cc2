/**
 * The room's lifecycle as a pure state machine: which controls are allowed in
 * which status, what a finished turn does to the counters and limits, and
 * which new settings a room accepts.
 * The room persists the record; this module only decides.
 */
import { CONVERSATION_LIMITS } from '../contract/index.ts';
import { RoomControlError, type RoomSettings, type RoomState, type RoomStatus, type StopReason } from './contract.ts';

/** What the room persists about its lifecycle. */
export interface ControlRecord {
  status: RoomStatus;
  /** AI turns completed, closing remarks included. */
  turns: number;
  costUsd: number;
  stopReason: StopReason | null;
  /** Paused because nobody watched; a viewer's arrival resumes it. */
  idlePaused: boolean;
  /** Personas still owing closing remarks after the budget was crossed; null while not closing. */
  closing: string[] | null;
  /** Consecutive turns on which every provider failed. */
  failures: number;
}

/** A fresh room. */
export const INITIAL_CONTROL: ControlRecord = {
  status: 'idle',
  turns: 0,
  costUsd: 0,
  stopReason: null,
  idlePaused: false,
  closing: null,
  failures: 0,
};

/** A control the room's owner (or the room itself) applies. */
export type ControlAction =
  | 'configure'
  | 'start'
  | 'pause'
  | 'resume'
  | 'stop'
  | 'interject'
  | 'idle-pause'
  | 'viewer-return'
  | 'spend-limit';

/** Consecutive all-provider failures after which the room stops with reason `error`. */
export const MAX_TURN_FAILURES = 3;

/** The limits a control checks. */
export type Limits = Pick<RoomSettings, 'maxTurns' | 'budgetUsd'>;

/** True once the spend reaches the budget; a room that has spent nothing (free providers) never has. */
export function budgetUsedUp(record: Pick<ControlRecord, 'costUsd'>, limits: Pick<Limits, 'budgetUsd'>): boolean {
  return record.costUsd > 0 && record.costUsd >= limits.budgetUsd;
}

/** The record after `action`; throws RoomControlError when the action is not allowed now. */
export function applyControl(record: ControlRecord, action: ControlAction, limits: Limits | null): ControlRecord {
  const refuse = (verb: string): never => {
    throw new RoomControlError('invalid_transition', `Cannot ${verb} a room that is ${record.status}.`);
  };
  switch (action) {
    case 'configure':
      return record.status === 'running' ? refuse('reconfigure') : record;
    case 'start': {
      if (!limits) throw new RoomControlError('not_configured', 'The room has no settings yet: configure it first.');
      if (record.status !== 'idle' && record.status !== 'stopped') return refuse('start');
      if (record.turns >= limits.maxTurns)
        throw new RoomControlError(
          'limit_reached',
          `All ${limits.maxTurns} turns are used: raise maxTurns to continue.`,
        );
      if (budgetUsedUp(record, limits))
        throw new RoomControlError(
          'limit_reached',
          `The budget of ${limits.budgetUsd} USD is spent: raise it to continue.`,
        );
      return { ...record, status: 'running', stopReason: null, idlePaused: false, closing: null, failures: 0 };
    }
    case 'pause':
      return record.status === 'running' ? { ...record, status: 'paused', idlePaused: false } : refuse('pause');
    case 'resume':
      return record.status === 'paused'
        ? { ...record, status: 'running', idlePaused: false, failures: 0 }
        : refuse('resume');
    case 'stop':
      return record.status === 'stopped'
        ? refuse('stop')
        : { ...record, status: 'stopped', stopReason: 'owner', idlePaused: false, closing: null };
    case 'interject':
      if (!limits) throw new RoomControlError('not_configured', 'The room has no settings yet.');
      return record.status === 'stopped' ? refuse('interject in') : record;
    case 'idle-pause':
      return record.status === 'running' ? { ...record, status: 'paused', idlePaused: true } : record;
    case 'viewer-return':
      return record.status === 'paused' && record.idlePaused
        ? { ...record, status: 'running', idlePaused: false }
        : record;
    case 'spend-limit':
      return record.status === 'running' ? stopped(record, 'spend-limit') : record;
  }
}

/**
 * Counts a finished turn. The last of maxTurns stops the room; crossing the
 * budget starts the closing round (`closingOrder`: one remark each), after
 * which the room stops with reason `budget`.
 */
export function afterTurn(
  record: ControlRecord,
  turn: { costUsd: number; persona: string },
  limits: Limits,
  closingOrder: string[],
): ControlRecord {
  const counted: ControlRecord = {
    ...record,
    turns: record.turns + 1,
    costUsd: record.costUsd + turn.costUsd,
    failures: 0,
  };
  if (counted.closing) {
    const closing = counted.closing.filter((name) => name !== turn.persona);
    return closing.length === 0 ? stopped(counted, 'budget') : { ...counted, closing };
  }
  if (budgetUsedUp(counted, limits)) return { ...counted, closing: closingOrder };
  if (counted.turns >= limits.maxTurns) return stopped(counted, 'max-turns');
  return counted;
}

/**
 * A room in rounds (RoomSettings.roundTurns) that stopped at maxTurns goes on
 * while anyone watches: the record running again and the new round's last
 * turn. Null when it stays as it is (no rounds, nobody watching, another stop).
 */
export function nextRound(
  record: ControlRecord,
  settings: Pick<RoomSettings, 'roundTurns'>,
  viewers: number,
): { record: ControlRecord; maxTurns: number } | null {
  if (!settings.roundTurns || viewers === 0 || record.status !== 'stopped' || record.stopReason !== 'max-turns')
    return null;
  return {
    record: { ...record, status: 'running', stopReason: null, failures: 0 },
    maxTurns: record.turns + settings.roundTurns,
  };
}

/** Counts a turn on which every provider failed; too many in a row stop the room. */
export function afterFailure(record: ControlRecord): ControlRecord {
  const failures = record.failures + 1;
  return failures >= MAX_TURN_FAILURES ? stopped({ ...record, failures }, 'error') : { ...record, failures };
}

function stopped(record: ControlRecord, reason: StopReason): ControlRecord {
  return { ...record, status: 'stopped', stopReason: reason, closing: null, idlePaused: false };
}

/**
 * Refuses settings for another conversation than the room's, or more turns than
 * allowed after those taken (a room may continue: the demo's rounds); throws RoomControlError.
 */
export function checkSettings(
  settings: RoomSettings,
  current: RoomSettings | null,
  record: Pick<ControlRecord, 'turns'>,
): void {
  if (current && current.conversationId !== settings.conversationId) {
    throw new RoomControlError(
      'invalid_settings',
      `conversationId: this room belongs to conversation ${current.conversationId}`,
    );
  }
  if (settings.maxTurns - record.turns > CONVERSATION_LIMITS.maxTurns.max) {
    throw new RoomControlError(
      'invalid_settings',
      `maxTurns: at most ${CONVERSATION_LIMITS.maxTurns.max} turns after the ${record.turns} taken`,
    );
  }
}

/** The room's state as controls and viewers see it: its lifecycle record, with what only the live room knows. */
export function roomStateOf(
  control: ControlRecord,
  live: { viewers: number; lastSeq: number; speaking: string | null },
): RoomState {
  const { status, turns, costUsd, stopReason, idlePaused } = control;
  return { status, turns, costUsd, stopReason, idlePaused, ...live };
}
