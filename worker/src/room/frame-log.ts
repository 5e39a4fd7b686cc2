/**
 * The frame log: gives every conversation frame its seq and keeps the frames
 * so that a reconnecting viewer gets exactly those after its last seq.
 *
 * Frames outside a message (typing, interjections) are stored as they are
 * made. A message's own frames (start, deltas, end) are held in memory and
 * stored in the same transaction as the finished message, so streaming costs
 * no storage write per delta. While frames are held, a seq reservation is
 * stored ahead of them: a room that dies mid-message restarts above every seq
 * a viewer may have seen, and never gives one seq to two frames.
 */
import type { SequencedFrame } from '../contract/index.ts';
import type { RoomStore } from './storage.ts';

/** Frames kept for replay; a viewer further behind gets a snapshot. */
export const FRAME_LOG_LIMIT = 5000;

/** How far ahead of the held frames the reservation reaches. */
const RESERVATION = 512;

/** A frame without its seq, as the room builds it. */
export type UnsequencedFrame = SequencedFrame extends infer F
  ? F extends SequencedFrame
    ? Omit<F, 'seq'>
    : never
  : never;

/** When a frame reaches storage. */
export type Durability = 'now' | 'with-message';

export class FrameLog {
  readonly #store: RoomStore;
  #lastSeq: number;
  #held: { seq: number; text: string }[] = [];
  #reservedThrough: number | null;

  constructor(store: RoomStore) {
    this.#store = store;
    this.#reservedThrough = store.seqReservation();
    this.#lastSeq = Math.max(store.highestStoredSeq(), this.#reservedThrough ?? 0);
  }

  /** The seq of the last frame made. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** True when the last instance died holding frames: a message it streamed is lost. */
  get interrupted(): boolean {
    return this.#reservedThrough !== null && this.#held.length === 0;
  }

  /** Gives `frame` the next seq and returns it with its JSON text, to broadcast. */
  append<F extends UnsequencedFrame>(frame: F, durability: Durability): { frame: F & { seq: number }; text: string } {
    const seq = ++this.#lastSeq;
    const sequenced = { ...frame, seq };
    const text = JSON.stringify(sequenced);
    if (durability === 'now') {
      this.#store.sql.exec('INSERT INTO room_frames (seq, body) VALUES (?, ?)', seq, text);
    } else {
      this.#held.push({ seq, text });
      if (this.#reservedThrough === null || seq > this.#reservedThrough) {
        this.#reservedThrough = seq + RESERVATION;
        this.#store.writeSeqReservation(this.#reservedThrough);
      }
    }
    return { frame: sequenced, text };
  }

  /** Stores the held frames and drops the reservation; call inside the message's transaction. */
  commit(): void {
    for (const held of this.#held)
      this.#store.sql.exec('INSERT INTO room_frames (seq, body) VALUES (?, ?)', held.seq, held.text);
    this.#held = [];
    this.#reservedThrough = null;
    this.#store.writeSeqReservation(null);
    this.#store.sql.exec('DELETE FROM room_frames WHERE seq <= ?', this.#lastSeq - FRAME_LOG_LIMIT);
  }

  /** The frames after `lastSeq`, in order, as sent; null when they are no longer all kept (send a snapshot). */
  since(lastSeq: number): string[] | null {
    if (lastSeq > this.#lastSeq) return null;
    if (lastSeq === this.#lastSeq) return [];
    const oldest = this.#store.sql.exec<{ seq: number | null }>('SELECT min(seq) AS seq FROM room_frames').one().seq;
    const oldestHeld = this.#held[0]?.seq;
    const first = oldest ?? oldestHeld;
    if (first === undefined || lastSeq + 1 < first) return null;
    const stored = this.#store.sql
      .exec<{ seq: number; body: string }>('SELECT seq, body FROM room_frames WHERE seq > ? ORDER BY seq', lastSeq)
      .toArray()
      .map((row) => ({ seq: row.seq, text: row.body }));
    const held = this.#held.filter((frame) => frame.seq > lastSeq);
    return [...stored, ...held].sort((a, b) => a.seq - b.seq).map((frame) => frame.text);
  }
}
