/**
 * Rounds, and the audience's pick of a round's best message (issue 15,
 * point 4). A round ends when every persona of the room has spoken at least
 * once since the last round ended; each AI message carries its round in
 * `metadata.round` (placed in the transaction that commits the turn). At a
 * round's end the room sends `pick-open` with the round's AI messages, and
 * that pick stays open until the next round ends.
 *
 * A signed-in viewer picks once per round, across all their sockets: the
 * first pick stands and a second one is refused with `not_open` (a pick is a
 * judgement given once; letting it change would also turn the written-behind
 * row into an update). audience.ts admits the frame first (signed-in
 * viewers only, the `pick` budget). A pick is stored in the room's SQLite
 * with its round_picks outbox row (rivals: the round's other AI messages) in
 * one transaction, and the next flush writes it to Postgres: picks are
 * batched with the rest of the outbox, never one write each. The live tally
 * goes out as `pick-tally`, at most AUDIENCE_FRAMES_PER_SECOND a second.
 */
import type { OpenPick, RoomMessage } from '../contract/index.ts';
import type { Connections } from './connections.ts';
import type { Viewer } from './contract.ts';
import { FrameThrottle } from './frame-throttle.ts';
import type { Outbox } from './outbox.ts';
import type { RoomStore } from './storage.ts';

const TABLES = [
  // The round now under way and the one whose pick is open (a single row).
  'CREATE TABLE IF NOT EXISTS room_rounds (id INTEGER PRIMARY KEY CHECK (id = 1), current INTEGER NOT NULL, open INTEGER)',
  // The AI messages of the open round and of the current one (older rounds are dropped when a round ends).
  'CREATE TABLE IF NOT EXISTS room_round_messages (message_id TEXT PRIMARY KEY, round INTEGER NOT NULL, persona TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS room_round_picks (round INTEGER NOT NULL, user_id TEXT NOT NULL, message_id TEXT NOT NULL, PRIMARY KEY (round, user_id))',
];

/** What a refused pick gets: the error frame's code and message. */
export interface PickRefusal {
  code: 'not_open';
  message: string;
}

/** The pick's part of the `audience` frame, for one viewer. */
export interface PickAudience {
  pick: OpenPick | null;
  /** The message id this viewer picked in the open round, if any. */
  mine: string | null;
}

/** What RoundPicks needs from the room. */
export interface RoundPicksParts {
  store: RoomStore;
  outbox: Outbox;
  connections: Connections;
  now(): number;
}

export class RoundPicks {
  readonly #parts: RoundPicksParts;
  readonly #sql: SqlStorage;
  readonly #tally: FrameThrottle<number>;

  constructor(parts: RoundPicksParts) {
    this.#parts = parts;
    this.#sql = parts.store.sql;
    for (const statement of TABLES) this.#sql.exec(statement);
    this.#tally = new FrameThrottle((round) => this.#sendTally(round), parts.now);
  }

  /**
   * Places a finished AI message in the current round; call inside the
   * transaction that stores it. Answers the message carrying its round and,
   * when it ends the round, the pick that opens (whose `pick-open` frame the
   * caller broadcasts after the transaction).
   */
  place(message: RoomMessage, personas: string[]): { message: RoomMessage; opened: OpenPick | null } {
    const { current } = this.#rounds();
    this.#sql.exec(
      'INSERT INTO room_round_messages (message_id, round, persona) VALUES (?, ?, ?) ON CONFLICT (message_id) DO NOTHING',
      message.id,
      current,
      message.persona ?? '',
    );
    const placed = { ...message, metadata: { ...message.metadata, round: current } };
    const spoken = new Set(
      this.#sql
        .exec<{ persona: string }>('SELECT DISTINCT persona FROM room_round_messages WHERE round = ?', current)
        .toArray()
        .map((row) => row.persona),
    );
    if (!personas.every((persona) => spoken.has(persona))) return { message: placed, opened: null };
    this.#sql.exec('DELETE FROM room_round_messages WHERE round < ?', current);
    this.#sql.exec('DELETE FROM room_round_picks WHERE round < ?', current);
    this.#sql.exec(
      'INSERT INTO room_rounds (id, current, open) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET current = excluded.current, open = excluded.open',
      current + 1,
      current,
    );
    return { message: placed, opened: { round: current, messageIds: this.#messageIds(current), counts: {} } };
  }

  /** The `pick-open` frame's text for a pick `place` opened. */
  static openFrame(pick: OpenPick): string {
    return JSON.stringify({ type: 'pick-open', ...pick });
  }

  /** The open pick and `viewer`'s own pick in it, for the `audience` frame. */
  audience(viewer: Viewer | null): PickAudience {
    const { open } = this.#rounds();
    if (open === null) return { pick: null, mine: null };
    const mine = viewer
      ? (this.#sql
          .exec<{ message_id: string }>(
            'SELECT message_id FROM room_round_picks WHERE round = ? AND user_id = ?',
            open,
            viewer.userId,
          )
          .toArray()[0]?.message_id ?? null)
      : null;
    return { pick: { round: open, messageIds: this.#messageIds(open), counts: this.#counts(open) }, mine };
  }

  /** A signed-in viewer's `pick` frame (audience.ts admitted it): counted, or why not. */
  pick(viewer: Viewer, frame: { round: number; messageId: string }): PickRefusal | null {
    const { open } = this.#rounds();
    if (open === null || frame.round !== open) {
      return {
        code: 'not_open',
        message:
          open === null ? 'No round is open for picks yet.' : `Round ${frame.round} is not open; round ${open} is.`,
      };
    }
    const messageIds = this.#messageIds(open);
    if (!messageIds.includes(frame.messageId)) {
      return { code: 'not_open', message: `Message ${frame.messageId} is not one of round ${open}'s.` };
    }
    const settings = this.#parts.store.settings();
    if (!settings) return { code: 'not_open', message: 'The room has no settings yet.' };
    const stored = this.#parts.store.transaction(() => {
      const inserted = this.#sql.exec(
        'INSERT INTO room_round_picks (round, user_id, message_id) VALUES (?, ?, ?) ON CONFLICT (round, user_id) DO NOTHING',
        open,
        viewer.userId,
        frame.messageId,
      ).rowsWritten;
      if (inserted === 0) return false;
      this.#parts.outbox.addPick({
        conversationId: settings.conversationId,
        round: open,
        userId: viewer.userId,
        messageId: frame.messageId,
        rivals: messageIds.filter((id) => id !== frame.messageId),
        createdAt: new Date(this.#parts.now()).toISOString(),
      });
      return true;
    });
    if (!stored) return { code: 'not_open', message: `You already picked in round ${open}: the first pick stands.` };
    this.#tally.mark(open);
    return null;
  }

  #sendTally(round: number): void {
    // A tally of a round whose pick closed meanwhile is stale: the newer `pick-open` replaced it.
    if (this.#rounds().open !== round) return;
    this.#parts.connections.broadcast({ type: 'pick-tally', round, counts: this.#counts(round) });
  }

  #rounds(): { current: number; open: number | null } {
    const row = this.#sql
      .exec<{ current: number; open: number | null }>('SELECT current, open FROM room_rounds WHERE id = 1')
      .toArray()[0];
    return row ?? { current: 1, open: null };
  }

  /** The round's AI messages, oldest first. */
  #messageIds(round: number): string[] {
    return this.#sql
      .exec<{ message_id: string }>('SELECT message_id FROM room_round_messages WHERE round = ? ORDER BY rowid', round)
      .toArray()
      .map((row) => row.message_id);
  }

  #counts(round: number): Record<string, number> {
    const rows = this.#sql
      .exec<{ message_id: string; picks: number }>(
        'SELECT message_id, count(*) AS picks FROM room_round_picks WHERE round = ? GROUP BY message_id',
        round,
      )
      .toArray();
    return Object.fromEntries(rows.map((row) => [row.message_id, row.picks]));
  }
}
