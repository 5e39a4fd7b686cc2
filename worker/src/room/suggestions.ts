/**
 * The audience's topic suggestions (issue 15): signed-in viewers suggest a
 * new angle, others upvote it (once each, never their own), and every
 * `suggestionEvery` AI turns the top one (most upvotes, then oldest) leaves
 * the list to become the Moderator's nudge, credited to its author. The room
 * keeps at most MAX_OPEN_SUGGESTIONS open ones in its SQLite (a new one puts
 * out the lowest-voted oldest); every change goes out as a coalesced
 * `suggestions` frame. A suggestion's words reach a model only as the nudge
 * does, in a user turn (context.ts), never in a system prompt.
 */
import {
  MAX_OPEN_SUGGESTIONS,
  MAX_OPEN_SUGGESTIONS_PER_USER,
  type ServerFrame,
  type Suggestion,
} from '../contract/index.ts';
import type { ControlRecord } from './control.ts';
import { FrameThrottle } from './frame-throttle.ts';
import { moderatorMessage } from './moderator.ts';
import type { MessageFields } from './room-writer.ts';
import type { NudgeRecord } from './storage.ts';

const TABLES = [
  'CREATE TABLE IF NOT EXISTS room_suggestions (id TEXT PRIMARY KEY, author_id TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL, votes INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL)',
  'CREATE TABLE IF NOT EXISTS room_upvotes (suggestion_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (suggestion_id, user_id))',
];

/** The ranking of open suggestions: most upvotes, then oldest (rowid breaks a tie of the same millisecond). */
const RANKED = 'ORDER BY votes DESC, created_at ASC, rowid ASC';

/** Why an upvote was refused. */
export type UpvoteRefusal = 'not_open' | 'own';

/** A suggestion as the Moderator's nudge after turn `turns`: the credited message, and the nudge record the next speaker takes up. */
export function suggestionNotice(
  suggestion: Suggestion,
  nudges: NudgeRecord,
  turns: number,
): { fields: MessageFields; nudges: NudgeRecord } {
  return {
    fields: moderatorMessage(`From the audience: ${suggestion.text}`, {
      nudge: suggestion.text,
      suggestion: { id: suggestion.id, author: suggestion.author },
    }),
    nudges: { pending: suggestion.text, given: [...nudges.given, suggestion.text], atTurn: turns },
  };
}

/** What the suggestions need from their room. */
export interface SuggestionParts {
  sql: SqlStorage;
  broadcast(frame: ServerFrame): void;
  now(): number;
}

/** The room's open suggestions. */
export class Suggestions {
  readonly #parts: SuggestionParts;
  readonly #frames: FrameThrottle<'suggestions'>;

  constructor(parts: SuggestionParts) {
    this.#parts = parts;
    for (const statement of TABLES) parts.sql.exec(statement);
    this.#frames = new FrameThrottle(() => parts.broadcast({ type: 'suggestions', items: this.list() }), parts.now);
  }

  /** The open suggestions, top first. */
  list(): Suggestion[] {
    return this.#parts.sql
      .exec<{ id: string; author: string; text: string; votes: number }>(
        `SELECT id, author, text, votes FROM room_suggestions ${RANKED}`,
      )
      .toArray()
      .map(({ id, author, text, votes }) => ({ id, author, text, votes }));
  }

  /**
   * Adds a suggestion (its text already checked by the contract); beyond MAX_OPEN_SUGGESTIONS the lowest-voted
   * oldest other one goes. `too_many` when its author already has MAX_OPEN_SUGGESTIONS_PER_USER open.
   */
  add(author: { userId: string; username: string }, text: string): Suggestion | 'too_many' {
    const id = crypto.randomUUID();
    const { sql } = this.#parts;
    const mine = sql
      .exec<{ count: number }>('SELECT count(*) AS count FROM room_suggestions WHERE author_id = ?', author.userId)
      .one().count;
    if (mine >= MAX_OPEN_SUGGESTIONS_PER_USER) return 'too_many';
    sql.exec(
      'INSERT INTO room_suggestions (id, author_id, author, text, created_at) VALUES (?, ?, ?, ?, ?)',
      id,
      author.userId,
      author.username,
      text,
      this.#parts.now(),
    );
    const open = sql.exec<{ count: number }>('SELECT count(*) AS count FROM room_suggestions').one().count;
    if (open > MAX_OPEN_SUGGESTIONS) {
      const out = sql
        .exec<{ id: string }>(
          'SELECT id FROM room_suggestions WHERE id <> ? ORDER BY votes ASC, created_at ASC, rowid ASC LIMIT ?',
          id,
          open - MAX_OPEN_SUGGESTIONS,
        )
        .toArray();
      for (const row of out) this.#remove(row.id);
    }
    this.#frames.mark('suggestions');
    return { id, author: author.username, text, votes: 0 };
  }

  /** The user upvotes an open suggestion, once (again changes nothing); refused for a suggestion not open, or their own. */
  upvote(userId: string, suggestionId: string): UpvoteRefusal | null {
    const { sql } = this.#parts;
    const row = sql
      .exec<{ author_id: string }>('SELECT author_id FROM room_suggestions WHERE id = ?', suggestionId)
      .toArray()[0];
    if (!row) return 'not_open';
    if (row.author_id === userId) return 'own';
    const added = sql.exec(
      'INSERT INTO room_upvotes (suggestion_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
      suggestionId,
      userId,
    ).rowsWritten;
    if (added === 0) return null;
    sql.exec('UPDATE room_suggestions SET votes = votes + 1 WHERE id = ?', suggestionId);
    this.#frames.mark('suggestions');
    return null;
  }

  /** The open suggestions the user upvoted. */
  upvotedBy(userId: string): string[] {
    return this.#parts.sql
      .exec<{ suggestion_id: string }>(
        'SELECT suggestion_id FROM room_upvotes WHERE user_id = ? ORDER BY suggestion_id',
        userId,
      )
      .toArray()
      .map((row) => row.suggestion_id);
  }

  /**
   * After a finished AI turn: every `every` turns of a running room that is
   * not closing, the top suggestion leaves the list as the Moderator's nudge
   * (the message, credited, and the nudge record the next speaker takes up).
   * Null when none is due or none is open.
   */
  nudgeDue(
    every: number | undefined,
    control: Pick<ControlRecord, 'status' | 'closing' | 'turns'>,
    nudges: NudgeRecord,
  ): { fields: MessageFields; nudges: NudgeRecord } | null {
    if (!every || control.status !== 'running' || control.closing || control.turns % every !== 0) return null;
    const top = this.list()[0];
    if (!top) return null;
    this.#remove(top.id);
    this.#frames.mark('suggestions');
    return suggestionNotice(top, nudges, control.turns);
  }

  #remove(id: string): void {
    this.#parts.sql.exec('DELETE FROM room_suggestions WHERE id = ?', id);
    this.#parts.sql.exec('DELETE FROM room_upvotes WHERE suggestion_id = ?', id);
  }
}
