/**
 * The vote on who speaks next, in a room with `voteNext` (issue 15): after a
 * finished turn the room opens it (`vote-open`: every persona but the one who
 * just spoke; it closes when the next turn is due), each signed-in viewer's
 * `vote` counts once (a second replaces the first, whichever of their sockets
 * sends it), the tally goes out coalesced (`vote-tally`), and when the turn
 * is due the room closes it (`vote-close`): the persona with the most votes
 * speaks; a tie or no votes leave the choice to the room's mode. The open vote
 * and its ballots live in the room's SQLite, so a restarted room closes it at
 * the turn with every ballot cast; a control (pause, stop, idle pause) closes
 * it without a winner.
 */
import type { OpenVote, ServerFrame } from '../contract/index.ts';
import { FrameThrottle } from './frame-throttle.ts';
import { addressedByViewer, type Candidate, type Turn } from './turn-policy.ts';

const TABLES = [
  'CREATE TABLE IF NOT EXISTS room_vote (id TEXT PRIMARY KEY, candidates TEXT NOT NULL, closes_at INTEGER NOT NULL)',
  'CREATE TABLE IF NOT EXISTS room_ballots (user_id TEXT PRIMARY KEY, persona TEXT NOT NULL)',
];

/** How a vote closed: the persona it chose, or null when the room's mode chooses (a tie, no votes, a control). */
export interface VoteResult {
  winner: string | null;
  decidedBy: 'votes' | 'mode';
}

/**
 * Who the audience may vote for after `lastSpeaker`'s turn; null when no vote
 * opens: not a vote room, fewer than two candidates (nothing to choose), or a
 * viewer's unanswered interjection addresses a persona by name (that persona
 * answers next, as in every mode). Closing remarks never reach here: the room
 * opens no vote while closing.
 */
export function voteCandidates(
  settings: { voteNext?: boolean; personas: Candidate[] },
  lastSpeaker: string,
  history: Turn[],
): string[] | null {
  if (!settings.voteNext) return null;
  const candidates = settings.personas.map((persona) => persona.name).filter((name) => name !== lastSpeaker);
  if (candidates.length < 2 || addressedByViewer(settings.personas, history) !== null) return null;
  return candidates;
}

/** The vote's result from its counts: the one persona with the most votes; else (a tie, none) the mode's choice. */
export function voteResult(counts: Record<string, number>): VoteResult {
  const ranked = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || (second && second[1] === first[1])) return { winner: null, decidedBy: 'mode' };
  return { winner: first[0], decidedBy: 'votes' };
}

/** What a vote needs from its room. */
export interface VoteParts {
  sql: SqlStorage;
  broadcast(frame: ServerFrame): void;
  now(): number;
}

/** The open vote of one room, if any, and its ballots. */
export class NextSpeakerVote {
  readonly #parts: VoteParts;
  readonly #tally: FrameThrottle<string>;

  constructor(parts: VoteParts) {
    this.#parts = parts;
    for (const statement of TABLES) parts.sql.exec(statement);
    this.#tally = new FrameThrottle((voteId) => {
      const open = this.current();
      if (open?.voteId === voteId) parts.broadcast({ type: 'vote-tally', voteId, counts: open.counts });
    }, parts.now);
  }

  /** Opens a vote among `candidates` until `closesAt` (any earlier one is dropped) and tells every viewer. */
  open(candidates: string[], closesAt: number): OpenVote {
    const voteId = crypto.randomUUID();
    this.#clear();
    this.#parts.sql.exec(
      'INSERT INTO room_vote (id, candidates, closes_at) VALUES (?, ?, ?)',
      voteId,
      JSON.stringify(candidates),
      Math.round(closesAt),
    );
    const vote: OpenVote = { voteId, candidates, closesAt: Math.round(closesAt), counts: {} };
    this.#parts.broadcast({ type: 'vote-open', ...vote });
    return vote;
  }

  /** The open vote with its counts, or null. */
  current(): OpenVote | null {
    const row = this.#parts.sql
      .exec<{ id: string; candidates: string; closes_at: number }>('SELECT id, candidates, closes_at FROM room_vote')
      .toArray()[0];
    if (!row) return null;
    const counts: Record<string, number> = {};
    for (const ballot of this.#parts.sql
      .exec<{ persona: string; votes: number }>(
        'SELECT persona, count(*) AS votes FROM room_ballots GROUP BY persona ORDER BY persona',
      )
      .toArray())
      counts[ballot.persona] = ballot.votes;
    return { voteId: row.id, candidates: parseNames(row.candidates), closesAt: row.closes_at, counts };
  }

  /** True while a vote is open: nobody knows yet who speaks next. */
  isOpen(): boolean {
    return this.#parts.sql.exec<{ open: number }>('SELECT count(*) AS open FROM room_vote').one().open > 0;
  }

  /** The user's vote for `persona` in vote `voteId` (replacing their earlier one); false when that vote is not open or `persona` is no candidate. */
  cast(userId: string, voteId: string, persona: string): boolean {
    const open = this.#openVote();
    if (!open || open.voteId !== voteId || !open.candidates.includes(persona)) return false;
    this.#parts.sql.exec(
      'INSERT INTO room_ballots (user_id, persona) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET persona = excluded.persona',
      userId,
      persona,
    );
    this.#tally.mark(voteId);
    return true;
  }

  /** The persona the user voted for in the open vote, or null. */
  mine(userId: string): string | null {
    if (!this.isOpen()) return null;
    return (
      this.#parts.sql
        .exec<{ persona: string }>('SELECT persona FROM room_ballots WHERE user_id = ?', userId)
        .toArray()[0]?.persona ?? null
    );
  }

  /** Closes the open vote and tells every viewer; `counted` false (a control stopped the room's turn) leaves the choice to the mode. Null when none was open. */
  close(counted = true): VoteResult | null {
    const open = this.current();
    if (!open) return null;
    const result = counted ? voteResult(open.counts) : { winner: null, decidedBy: 'mode' as const };
    this.#clear();
    this.#tally.drop(open.voteId);
    this.#parts.broadcast({ type: 'vote-close', voteId: open.voteId, counts: open.counts, ...result });
    return result;
  }

  #openVote(): { voteId: string; candidates: string[] } | null {
    const row = this.#parts.sql
      .exec<{ id: string; candidates: string }>('SELECT id, candidates FROM room_vote')
      .toArray()[0];
    return row ? { voteId: row.id, candidates: parseNames(row.candidates) } : null;
  }

  #clear(): void {
    this.#parts.sql.exec('DELETE FROM room_vote');
    this.#parts.sql.exec('DELETE FROM room_ballots');
  }
}

/** The candidates as stored (a JSON array of names); an unreadable row counts as none. */
function parseNames(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((name): name is string => typeof name === 'string') : [];
  } catch {
    return [];
  }
}
