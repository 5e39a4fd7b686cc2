/**
 * The audience's reactions inside the room (issue 15, point 1): exact counts
 * per message and emoji in the room's SQLite (they survive hibernation and
 * restarts), the reactors already counted (one reaction of each kind per
 * viewer per message), a `reactions` frame per changed message through one
 * FrameThrottle (at most AUDIENCE_FRAMES_PER_SECOND a second, whatever the
 * audience does), and the latest counts of each changed message as one
 * replaceable outbox row (outbox.ts `setReactions`), so that Postgres gets a
 * write per flush, not per reaction.
 *
 * Who counts as one viewer (`reactorsOf`): a signed-in user across all their
 * sockets; an anonymous viewer per socket and per network (an IPv4 address,
 * an IPv6 /64): a second socket from one network, or a reconnected one,
 * cannot give the same kind again.
 */
import { REACTION_EMOJI, type ReactionCounts, type ReactionEmoji, type ServerFrame } from '../contract/index.ts';
import type { SocketIdentity } from './connections.ts';
import { FrameThrottle } from './frame-throttle.ts';
import type { Outbox } from './outbox.ts';
import type { RoomStore } from './storage.ts';

const TABLES = [
  'CREATE TABLE IF NOT EXISTS room_reactions (message_id TEXT NOT NULL, emoji TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (message_id, emoji)) WITHOUT ROWID',
  'CREATE TABLE IF NOT EXISTS room_reactors (message_id TEXT NOT NULL, emoji TEXT NOT NULL, reactor TEXT NOT NULL, PRIMARY KEY (message_id, emoji, reactor)) WITHOUT ROWID',
];

/** What a react frame did. */
export type ReactOutcome = 'counted' | 'repeated' | 'not_open';

/** The keys a viewer's reactions are counted under: each must be new for a reaction to count. */
export function reactorsOf(identity: SocketIdentity): string[] {
  if (identity.viewer) return [`user:${identity.viewer.userId}`];
  return identity.network ? [`socket:${identity.socketId}`, identity.network] : [`socket:${identity.socketId}`];
}

/** The key a viewer's own reactions are shown by (`mine`): the user, else the network, else the socket. */
function ownerOf(identity: SocketIdentity): string {
  const reactors = reactorsOf(identity);
  return reactors.at(-1)!;
}

/** What the reactions need. */
export interface ReactionsParts {
  store: RoomStore;
  outbox: Outbox;
  broadcast(frame: ServerFrame): void;
  now(): number;
}

export class Reactions {
  readonly #parts: ReactionsParts;
  readonly #throttle: FrameThrottle<string>;

  constructor(parts: ReactionsParts) {
    this.#parts = parts;
    for (const statement of TABLES) parts.store.sql.exec(statement);
    this.#throttle = new FrameThrottle(
      (messageId) => parts.broadcast({ type: 'reactions', messageId, counts: this.countsOf(messageId) }),
      parts.now,
    );
  }

  /** Counts `emoji` on `messageId` from the viewer behind `identity`, once; stores, queues for Postgres and marks the frame. */
  react(identity: SocketIdentity, messageId: string, emoji: ReactionEmoji): ReactOutcome {
    const { store, outbox } = this.#parts;
    const conversationId = store.settings()?.conversationId;
    if (!conversationId || !this.#isFinished(messageId)) return 'not_open';
    const reactors = reactorsOf(identity);
    const outcome = store.transaction((): ReactOutcome => {
      const given = store.sql
        .exec<{ given: number }>(
          `SELECT count(*) AS given FROM room_reactors WHERE message_id = ? AND emoji = ? AND reactor IN (${reactors.map(() => '?').join(', ')})`,
          messageId,
          emoji,
          ...reactors,
        )
        .one().given;
      if (given > 0) return 'repeated';
      for (const reactor of reactors) {
        store.sql.exec(
          'INSERT INTO room_reactors (message_id, emoji, reactor) VALUES (?, ?, ?)',
          messageId,
          emoji,
          reactor,
        );
      }
      store.sql.exec(
        'INSERT INTO room_reactions (message_id, emoji, count) VALUES (?, ?, 1) ON CONFLICT (message_id, emoji) DO UPDATE SET count = count + 1',
        messageId,
        emoji,
      );
      outbox.setReactions({ conversationId, messageId, counts: this.countsOf(messageId) });
      return 'counted';
    });
    if (outcome === 'counted') this.#throttle.mark(messageId);
    return outcome;
  }

  /** A message's counts (only the kinds given appear), in REACTION_EMOJI's order. */
  countsOf(messageId: string): ReactionCounts {
    return this.countsOfMany([messageId])[messageId] ?? {};
  }

  /** The counts of each of `messageIds` that has any, by message id. */
  countsOfMany(messageIds: string[]): Record<string, ReactionCounts> {
    const rows = this.#rowsOf<{ message_id: string; emoji: string; count: number }>(
      'SELECT message_id, emoji, count FROM room_reactions',
      messageIds,
    );
    const byMessage: Record<string, ReactionCounts> = {};
    for (const emoji of REACTION_EMOJI) {
      for (const row of rows) {
        if (row.emoji !== emoji) continue;
        const counts = byMessage[row.message_id] ?? {};
        counts[emoji] = row.count;
        byMessage[row.message_id] = counts;
      }
    }
    return byMessage;
  }

  /** The kinds the viewer behind `identity` gave each of `messageIds` (only those it reacted to appear). */
  mineOf(identity: SocketIdentity, messageIds: string[]): Record<string, ReactionEmoji[]> {
    const rows = this.#rowsOf<{ message_id: string; emoji: string }>(
      'SELECT message_id, emoji FROM room_reactors',
      messageIds,
      ownerOf(identity),
    );
    const mine: Record<string, ReactionEmoji[]> = {};
    for (const emoji of REACTION_EMOJI) {
      for (const row of rows) if (row.emoji === emoji) mine[row.message_id] = [...(mine[row.message_id] ?? []), emoji];
    }
    return mine;
  }

  /** Rows of `select` for the given messages (and reactor), in one statement. */
  #rowsOf<T extends Record<string, SqlStorageValue>>(select: string, messageIds: string[], reactor?: string): T[] {
    if (messageIds.length === 0) return [];
    const marks = messageIds.map(() => '?').join(', ');
    const byReactor = reactor === undefined ? '' : ' AND reactor = ?';
    const values = reactor === undefined ? messageIds : [...messageIds, reactor];
    return this.#parts.store.sql.exec<T>(`${select} WHERE message_id IN (${marks})${byReactor}`, ...values).toArray();
  }

  #isFinished(messageId: string): boolean {
    return this.#parts.store.sql.exec('SELECT 1 FROM room_messages WHERE id = ?', messageId).toArray().length > 0;
  }
}
