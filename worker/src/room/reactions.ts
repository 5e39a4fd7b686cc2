/**
 * The audience's reactions inside the room (issue 15, point 1): exact counts
 * per message and emoji, the reactors already counted (one reaction of each
 * kind per viewer per message), a `reactions` frame per changed message
 * through one FrameThrottle (at most AUDIENCE_FRAMES_PER_SECOND a second,
 * whatever the audience does), and the latest counts of each changed message
 * as one replaceable outbox row (outbox.ts `setReactions`), so that Postgres
 * gets a write per flush, not per reaction.
 *
 * A reaction is counted in memory and stored in the room's SQLite with the
 * others of the last SAVE_INTERVAL_MS, in one transaction: a write per
 * reaction would hold every frame the room sends behind its commit (the
 * runtime's output gate), and a thousand reacting viewers would slow the
 * stream. The pending save keeps the room awake, so hibernation loses
 * nothing; a crash loses at most that interval's reactions.
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

/** Milliseconds between two saves of the reactions counted meanwhile. */
export const SAVE_INTERVAL_MS = 250;

/** What the reactions need. */
export interface ReactionsParts {
  store: RoomStore;
  /** The room's conversation; null before it is configured. */
  conversationId(): string | null;
  outbox: Outbox;
  broadcast(frame: ServerFrame): void;
  now(): number;
}

export class Reactions {
  readonly #parts: ReactionsParts;
  readonly #throttle: FrameThrottle<string>;
  /** The counts of the messages reacted to since this instance started, saved or not (read from SQLite on first touch). */
  readonly #counts = new Map<string, Map<ReactionEmoji, number>>();
  /** Reactions counted but not saved yet, by message: `<emoji> <reactor>` for each reactor key. */
  readonly #unsaved = new Map<string, Set<string>>();
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(parts: ReactionsParts) {
    this.#parts = parts;
    for (const statement of TABLES) parts.store.sql.exec(statement);
    this.#throttle = new FrameThrottle(
      (messageId) => parts.broadcast({ type: 'reactions', messageId, counts: this.countsOf(messageId) }),
      parts.now,
    );
  }

  /** Counts `emoji` on `messageId` from the viewer behind `identity`, once; the save and the frame follow. */
  react(identity: SocketIdentity, messageId: string, emoji: ReactionEmoji): ReactOutcome {
    const counts = this.#parts.conversationId() === null ? null : this.#loaded(messageId);
    if (!counts) return 'not_open';
    const reactors = reactorsOf(identity);
    const unsaved = this.#unsaved.get(messageId) ?? new Set<string>();
    if (reactors.some((reactor) => unsaved.has(`${emoji} ${reactor}`)) || this.#stored(messageId, emoji, reactors)) {
      return 'repeated';
    }
    for (const reactor of reactors) unsaved.add(`${emoji} ${reactor}`);
    this.#unsaved.set(messageId, unsaved);
    counts.set(emoji, (counts.get(emoji) ?? 0) + 1);
    this.#saveTimer ??= setTimeout(() => this.save(), SAVE_INTERVAL_MS);
    this.#throttle.mark(messageId);
    return 'counted';
  }

  /** Stores the reactions counted since the last save, and queues their messages' counts for Postgres, in one transaction. */
  save(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    const conversationId = this.#parts.conversationId();
    if (this.#unsaved.size === 0 || conversationId === null) return;
    const { store, outbox } = this.#parts;
    store.transaction(() => {
      for (const [messageId, keys] of this.#unsaved) {
        for (const key of keys) {
          const space = key.indexOf(' ');
          const sql = 'INSERT INTO room_reactors (message_id, emoji, reactor) VALUES (?, ?, ?) ON CONFLICT DO NOTHING';
          store.sql.exec(sql, messageId, key.slice(0, space), key.slice(space + 1));
        }
        for (const [emoji, count] of this.#counts.get(messageId) ?? []) {
          store.sql.exec(
            'INSERT INTO room_reactions (message_id, emoji, count) VALUES (?, ?, ?) ON CONFLICT (message_id, emoji) DO UPDATE SET count = excluded.count',
            messageId,
            emoji,
            count,
          );
        }
        outbox.setReactions({ conversationId, messageId, counts: this.countsOf(messageId) });
      }
    });
    this.#unsaved.clear();
  }

  /** Messages whose reactions wait for their save. */
  unsaved(): number {
    return this.#unsaved.size;
  }

  /** A message's counts (only the kinds given appear), in REACTION_EMOJI's order. */
  countsOf(messageId: string): ReactionCounts {
    return this.countsOfMany([messageId])[messageId] ?? {};
  }

  /** The counts of each of `messageIds` that has any, by message id. */
  countsOfMany(messageIds: string[]): Record<string, ReactionCounts> {
    const stored = this.#rowsOf<{ message_id: string; emoji: string; count: number }>(
      'SELECT message_id, emoji, count FROM room_reactions',
      messageIds.filter((id) => !this.#counts.has(id)),
    );
    const byMessage: Record<string, ReactionCounts> = {};
    for (const id of messageIds) {
      const known = this.#counts.get(id);
      const counts: ReactionCounts = {};
      for (const emoji of REACTION_EMOJI) {
        const count = known
          ? known.get(emoji)
          : stored.find((row) => row.message_id === id && row.emoji === emoji)?.count;
        if (count) counts[emoji] = count;
      }
      if (Object.keys(counts).length > 0) byMessage[id] = counts;
    }
    return byMessage;
  }

  /** The kinds the viewer behind `identity` gave each of `messageIds` (only those it reacted to appear). */
  mineOf(identity: SocketIdentity, messageIds: string[]): Record<string, ReactionEmoji[]> {
    const owner = ownerOf(identity);
    const stored = this.#rowsOf<{ message_id: string; emoji: string }>(
      'SELECT message_id, emoji FROM room_reactors',
      messageIds,
      owner,
    );
    const mine: Record<string, ReactionEmoji[]> = {};
    for (const id of messageIds) {
      const unsaved = this.#unsaved.get(id);
      const given = REACTION_EMOJI.filter(
        (emoji) =>
          unsaved?.has(`${emoji} ${owner}`) || stored.some((row) => row.message_id === id && row.emoji === emoji),
      );
      if (given.length > 0) mine[id] = given;
    }
    return mine;
  }

  /** The message's counts, read from SQLite on first touch; null when the room holds no such finished message. */
  #loaded(messageId: string): Map<ReactionEmoji, number> | null {
    const known = this.#counts.get(messageId);
    if (known) return known;
    if (this.#parts.store.sql.exec('SELECT 1 FROM room_messages WHERE id = ?', messageId).toArray().length === 0) {
      return null;
    }
    const counts = new Map<ReactionEmoji, number>();
    const stored = this.countsOfMany([messageId])[messageId] ?? {};
    for (const emoji of REACTION_EMOJI) {
      const count = stored[emoji];
      if (count) counts.set(emoji, count);
    }
    this.#counts.set(messageId, counts);
    return counts;
  }

  /** True when one of `reactors` already gave `emoji` to the message, as saved. */
  #stored(messageId: string, emoji: ReactionEmoji, reactors: string[]): boolean {
    const marks = reactors.map(() => '?').join(', ');
    const sql = `SELECT 1 FROM room_reactors WHERE message_id = ? AND emoji = ? AND reactor IN (${marks}) LIMIT 1`;
    return this.#parts.store.sql.exec(sql, messageId, emoji, ...reactors).toArray().length > 0;
  }

  /** Rows of `select` for the given messages (and reactor), in one statement. */
  #rowsOf<T extends Record<string, SqlStorageValue>>(select: string, messageIds: string[], reactor?: string): T[] {
    if (messageIds.length === 0) return [];
    const marks = messageIds.map(() => '?').join(', ');
    const byReactor = reactor === undefined ? '' : ' AND reactor = ?';
    const values = reactor === undefined ? messageIds : [...messageIds, reactor];
    return this.#parts.store.sql.exec<T>(`${select} WHERE message_id IN (${marks})${byReactor}`, ...values).toArray();
  }
}
