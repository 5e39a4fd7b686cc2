import { describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../../worker/src/contract/index.ts';
import { aiMessage, snapshot, streamedTurn } from '../testing/room-frames.ts';
import { applySent, countsOf, mineOf, refusalOf, sendAudience, type AudienceRoom } from './audience-actions.ts';
import { emptyAudience, type AudienceView } from './audience.ts';
import { applyFrame, emptyRoomView, type RoomView } from './room.ts';

function reduce(frames: ServerFrame[], from: RoomView = emptyRoomView()): RoomView {
  return frames.reduce(applyFrame, from);
}

const audienceFrame = (overrides: Partial<Extract<ServerFrame, { type: 'audience' }>> = {}): ServerFrame => ({
  type: 'audience',
  reactions: {},
  vote: null,
  suggestions: [],
  pick: null,
  mine: { reactions: {}, vote: null, upvoted: [], pick: null },
  ...overrides,
});

const voteOpen: ServerFrame = {
  type: 'vote-open',
  voteId: 'v1',
  candidates: ['comedian', 'scientist'],
  closesAt: 1_000,
  counts: {},
};

describe('the audience in the room reducer', () => {
  it('keeps the latest counts of each message from `reactions` frames', () => {
    const view = reduce([
      snapshot(1, [aiMessage(1, 'comedian', 'Hi')]),
      { type: 'reactions', messageId: 'm-1', counts: { '😂': 2 } },
      { type: 'reactions', messageId: 'm-1', counts: { '😂': 3, '🔥': 1 } },
    ]);
    expect(view.audience.reactions).toEqual({ 'm-1': { '😂': 3, '🔥': 1 } });
    // The room's word wins over what the message arrived with.
    expect(countsOf(view.audience, 'm-1', { '😂': 1 })).toEqual({ '😂': 3, '🔥': 1 });
    expect(countsOf(view.audience, 'm-2', { '👍': 4 })).toEqual({ '👍': 4 });
  });

  it('takes the present from an `audience` frame and keeps it through the snapshot before it', () => {
    const view = reduce([
      snapshot(1, []),
      audienceFrame({
        reactions: { 'm-1': { '❤️': 5 } },
        vote: { voteId: 'v1', candidates: ['comedian'], closesAt: 9, counts: { comedian: 1 } },
        suggestions: [{ id: 's1', author: 'ada', text: 'Talk about tea', votes: 2 }],
        pick: { round: 1, messageIds: ['m-1'], counts: {} },
        mine: { reactions: { 'm-1': ['❤️'] }, vote: 'comedian', upvoted: ['s1'], pick: null },
      }),
    ]);
    expect(view.audience).toMatchObject({
      reactions: { 'm-1': { '❤️': 5 } },
      vote: { voteId: 'v1', counts: { comedian: 1 } },
      suggestions: [{ id: 's1' }],
      pick: { round: 1 },
      mine: { reactions: { 'm-1': ['❤️'] }, vote: 'comedian', upvoted: ['s1'], pick: null },
    });
    // A snapshot (a reconnect) keeps the audience until its own `audience` frame replaces it.
    expect(applyFrame(view, snapshot(5, [])).audience).toBe(view.audience);
  });

  it('keeps the reactions this viewer gave when a new socket’s `audience` frame does not list them', () => {
    const given = applySent(emptyAudience(), { type: 'react', messageId: 'm-1', emoji: '🔥' });
    const view = applyFrame({ ...emptyRoomView(), audience: given }, audienceFrame());
    expect(view.audience.mine.reactions['m-1']).toEqual(['🔥']);
  });

  it('opens a vote, tallies it, ignores another vote’s tally, and closes it with its result', () => {
    const open = reduce([snapshot(1, []), voteOpen]);
    expect(open.audience.vote).toMatchObject({ voteId: 'v1', candidates: ['comedian', 'scientist'], closesAt: 1_000 });
    const tallied = reduce(
      [
        { type: 'vote-tally', voteId: 'v1', counts: { comedian: 2 } },
        { type: 'vote-tally', voteId: 'v0', counts: { scientist: 9 } },
      ],
      open,
    );
    expect(tallied.audience.vote?.counts).toEqual({ comedian: 2 });
    const closed = applyFrame(tallied, {
      type: 'vote-close',
      voteId: 'v1',
      counts: { comedian: 2 },
      winner: 'comedian',
      decidedBy: 'votes',
    });
    expect(closed.audience.vote).toBeNull();
    expect(closed.audience.lastVote).toMatchObject({ winner: 'comedian', decidedBy: 'votes' });
    // Shown while the turn it decided runs, gone once that message is finished.
    const turn = streamedTurn(2, 'comedian', ['Ha.']);
    expect(reduce(turn.frames.slice(0, -1), closed).audience.lastVote).not.toBeNull();
    expect(reduce(turn.frames, closed).audience.lastVote).toBeNull();
  });

  it('forgets this viewer’s vote when a new vote opens, and its pick when a new round opens', () => {
    let audience = reduce([snapshot(1, []), voteOpen]).audience;
    audience = applySent(audience, { type: 'vote', voteId: 'v1', persona: 'scientist' });
    audience = applySent(audience, { type: 'pick', round: 1, messageId: 'm-1' });
    expect(audience.mine).toMatchObject({ vote: 'scientist', pick: 'm-1' });
    const view = reduce(
      [
        { ...voteOpen, voteId: 'v2' },
        { type: 'pick-open', round: 2, messageIds: ['m-5', 'm-6'], counts: {} },
      ],
      { ...emptyRoomView(), audience },
    );
    expect(view.audience.mine).toMatchObject({ vote: null, pick: null });
    expect(view.audience.pick).toMatchObject({ round: 2, messageIds: ['m-5', 'm-6'] });
  });

  it('tallies the open round’s picks only', () => {
    const view = reduce([
      snapshot(1, []),
      { type: 'pick-open', round: 3, messageIds: ['a', 'b'], counts: {} },
      { type: 'pick-tally', round: 3, counts: { a: 2 } },
      { type: 'pick-tally', round: 2, counts: { b: 7 } },
    ]);
    expect(view.audience.pick?.counts).toEqual({ a: 2 });
  });

  it('replaces the suggestions with each `suggestions` frame', () => {
    const items = [
      { id: 's2', author: 'bo', text: 'Cats', votes: 3 },
      { id: 's1', author: 'ada', text: 'Tea', votes: 1 },
    ];
    const view = reduce([snapshot(1, []), { type: 'suggestions', items }, { type: 'suggestions', items: [items[0]!] }]);
    expect(view.audience.suggestions).toEqual([items[0]]);
  });

  it('marks what this viewer sent at once; a reaction given counts at least one until the room’s count arrives', () => {
    let audience = applySent(emptyAudience(), { type: 'react', messageId: 'm-1', emoji: '😂' });
    audience = applySent(audience, { type: 'upvote', suggestionId: 's1' });
    expect(mineOf(audience)).toMatchObject({ reactions: { 'm-1': ['😂'] }, upvoted: ['s1'] });
    expect(countsOf(audience, 'm-1', undefined)).toEqual({ '😂': 1 });
    expect(countsOf(audience, 'm-1', { '😂': 4 })).toEqual({ '😂': 4 });
  });

  it('shows a refusal beside the frame it answers and no longer counts that frame as given', () => {
    const sent = applySent(reduce([snapshot(1, []), voteOpen]).audience, {
      type: 'vote',
      voteId: 'v1',
      persona: 'comedian',
    });
    const view = applyFrame(
      { ...emptyRoomView(), audience: sent },
      {
        type: 'error',
        code: 'sign_in_required',
        message: 'Sign in to vote.',
        refused: { type: 'vote', voteId: 'v1', persona: 'comedian' },
      },
    );
    // Not the room's alert: the vote's.
    expect(view.errors).toEqual([]);
    expect(view.audience.error).toMatchObject({ code: 'sign_in_required', action: { type: 'vote' } });
    expect(refusalOf(view.audience, 'vote')).toBe('Sign in to vote.');
    expect(refusalOf(view.audience, 'react', 'm-1')).toBeNull();
    expect(mineOf(view.audience).vote).toBeNull();
    // The next frame sent clears the words, and the refused mark stays gone.
    const next = applySent(view.audience, { type: 'react', messageId: 'm-1', emoji: '👍' });
    expect(next.error).toBeNull();
    expect(next.mine.vote).toBeNull();
  });

  it('unmarks a refused reaction on its message only', () => {
    let audience = applySent(emptyAudience(), { type: 'react', messageId: 'm-1', emoji: '👍' });
    audience = applySent(audience, { type: 'react', messageId: 'm-2', emoji: '👍' });
    const view = applyFrame(
      { ...emptyRoomView(), audience },
      {
        type: 'error',
        code: 'rate_limited',
        message: 'Slow down: try again in 3 s.',
        refused: { type: 'react', messageId: 'm-2', emoji: '👍' },
      },
    );
    expect(refusalOf(view.audience, 'react', 'm-2')).toBe('Slow down: try again in 3 s.');
    expect(refusalOf(view.audience, 'react', 'm-1')).toBeNull();
    expect(mineOf(view.audience).reactions).toEqual({ 'm-1': ['👍'], 'm-2': [] });
  });

  it('unmarks each of a burst of refused frames, not the last one sent', () => {
    // Three reactions sent before the room answered; it refuses the first two and takes the third.
    let audience = emptyAudience();
    for (const emoji of ['👍', '😂', '🔥'] as const)
      audience = applySent(audience, { type: 'react', messageId: 'm-1', emoji });
    let view: RoomView = { ...emptyRoomView(), audience };
    for (const emoji of ['👍', '😂'] as const) {
      view = applyFrame(view, {
        type: 'error',
        code: 'rate_limited',
        message: 'Too many reactions: try again in 2 s.',
        refused: { type: 'react', messageId: 'm-1', emoji },
      });
    }
    expect(view.errors).toEqual([]);
    expect(mineOf(view.audience).reactions).toEqual({ 'm-1': ['🔥'] });
    expect(countsOf(view.audience, 'm-1', undefined)).toEqual({ '🔥': 1 });
    // Sending again keeps the refused ones unmarked for good.
    const next = applySent(view.audience, { type: 'react', messageId: 'm-2', emoji: '❤️' });
    expect(mineOf(next).reactions).toEqual({ 'm-1': ['🔥'], 'm-2': ['❤️'] });
    expect(next.refused).toEqual([]);
  });

  it('leaves the room’s own errors, and errors that name no audience frame, to the room’s alert', () => {
    const sent = applySent(emptyAudience(), { type: 'react', messageId: 'm-1', emoji: '👍' });
    const failed = applyFrame(
      { ...emptyRoomView(), audience: sent },
      { type: 'error', code: 'provider_failed', message: 'Every provider failed.' },
    );
    expect(failed.errors.map((error) => error.code)).toEqual(['provider_failed']);
    expect(failed.audience.error).toBeNull();
    const unasked = applyFrame(emptyRoomView(), { type: 'error', code: 'not_open', message: 'Closed.' });
    expect(unasked.errors.map((error) => error.code)).toEqual(['not_open']);
  });
});

describe('sending as the audience', () => {
  function fakeRoom(open: boolean): AudienceRoom & { sent: unknown[]; audience: AudienceView } {
    const room = {
      sent: [] as unknown[],
      audience: emptyAudience(),
      view: () => room.audience,
      transmit: (action: unknown) => (open ? (room.sent.push(action), true) : false),
      update: (change: (audience: AudienceView) => AudienceView) => {
        room.audience = change(room.audience);
      },
      signedIn: () => true,
    };
    return room;
  }

  it('sends the frame and marks it as given', () => {
    const room = fakeRoom(true);
    sendAudience(room, { type: 'react', messageId: 'm-1', emoji: '🤯' });
    expect(room.sent).toEqual([{ type: 'react', messageId: 'm-1', emoji: '🤯' }]);
    expect(room.audience.mine.reactions).toEqual({ 'm-1': ['🤯'] });
  });

  it('says so in words, marking nothing, while the socket is down', () => {
    const room = fakeRoom(false);
    sendAudience(room, { type: 'upvote', suggestionId: 's1' });
    expect(room.audience.mine.upvoted).toEqual([]);
    expect(refusalOf(room.audience, 'upvote')).toMatch(/Not connected/);
  });
});
