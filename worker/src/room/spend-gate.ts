/**
 * The room's side of the spend limits (spend-guard.ts answers, this acts):
 * before a turn, a warning is logged and remembered or the room stops with
 * the Moderator's word on the limit; on start or resume, a room past a limit
 * is refused.
 */
import type { Logger } from '../logging/logger.ts';
import { RoomControlError } from './contract.ts';
import type { RoomDependencies } from './dependencies.ts';
import { moderatorMessage } from './moderator.ts';
import type { MessageFields } from './room-writer.ts';
import { checkSpend, spendDecision, spendLimitMessage, withWarning, type SpendCheck } from './spend-guard.ts';
import type { RoomStore } from './storage.ts';

/** What the spend gate needs from the room. */
export interface SpendGateParts {
  store: Pick<RoomStore, 'control' | 'spendWarnings'>;
  /** USD of the room's provider calls not yet in Postgres since `sinceIso` (outbox.ts). */
  pendingCallCostSince(sinceIso: string): number;
  dependencies(): RoomDependencies;
  log(): Logger;
  writeSpendWarnings(keys: string[]): void;
  /** Stores and broadcasts a message (the Moderator's). */
  announce(fields: MessageFields): void;
  /** Stops the room at the limit (the `spend-limit` control). */
  stop(): Promise<unknown>;
}

/** Acts on the spend check for the room. */
export class SpendGate {
  readonly #parts: SpendGateParts;

  constructor(parts: SpendGateParts) {
    this.#parts = parts;
  }

  /** The spend check before a turn: false when the room stopped at a limit (the Moderator says which). */
  async allowsTurn(): Promise<boolean> {
    const { store } = this.#parts;
    const now = new Date(this.#parts.dependencies().now());
    const decision = spendDecision(await this.#check(now), store.spendWarnings(), now);
    if (decision.kind === 'go') return true;
    this.#parts.log().warn(decision.kind === 'warn' ? 'spend-warning' : 'spend-limit-reached', decision.fields);
    if (decision.kind === 'warn') {
      this.#parts.writeSpendWarnings(withWarning(store.spendWarnings(), decision.key));
      return true;
    }
    this.#parts.announce(moderatorMessage(decision.message, { spendLimit: decision.check.limit }));
    await this.#parts.stop();
    return false;
  }

  /** A room past a configured spend limit does not start or resume (limit_reached, saying which limit). */
  async refuseOverLimit(): Promise<void> {
    if (this.#parts.store.control().status === 'running') return;
    const check = await this.#check(new Date(this.#parts.dependencies().now()));
    if (check?.level === 'exceeded') throw new RoomControlError('limit_reached', spendLimitMessage(check));
  }

  #check(now: Date): Promise<SpendCheck | null> {
    const { spendLimits, openDatabase } = this.#parts.dependencies();
    return checkSpend({
      limits: spendLimits,
      conversationSpentUsd: this.#parts.store.control().costUsd,
      pendingCallCostSince: (since) => this.#parts.pendingCallCostSince(since),
      openDatabase,
      log: this.#parts.log(),
      now,
    });
  }
}
