import { evictDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { AUDIENCE_LIMITS, type ClientFrame, type ServerFrame } from '../contract/index.ts';
import type { Viewer } from './contract.ts';
import { openFakeSpace } from '../providers/testing/fake-space.ts';
import {
  connectViewer,
  demoPersonas,
  finished,
  insideRoom,
  isStopped,
  ofType,
  openRoom,
  providersFrom,
  type TestViewer,
} from './testing.ts';

const user = (name: string): Viewer => ({ userId: `user-${name}-${crypto.randomUUID()}`, username: name });
const send = (viewer: TestViewer, frame: ClientFrame) => viewer.socket.send(JSON.stringify(frame));
const closes = (frames: ServerFrame[]) => frames.filter(ofType('vote-close'));
const counts = (id: string) => insideRoom(id, (conversation) => conversation.steering.vote.current()?.counts ?? null);

describe('the vote on who speaks next', () => {
  it('lets signed-in viewers choose a speaker the mode would not pick, who then speaks', async () => {
    // Sequential: the comedian follows the philosopher; the audience wants the scientist.
    const { id, room, viewer } = await openRoom({ mode: 'sequential', maxTurns: 2, voteNext: true });
    const voters = await Promise.all(['ann', 'bob', 'cyd'].map((name) => connectViewer(id, { viewer: user(name) })));
    await room.start();
    const open = await viewer.next(ofType('vote-open'));
    expect(open.candidates).toEqual(['comedian', 'scientist']);
    // closesAt is the next turn's due time, at least the shortest window away (the tests' timing scale is 0.02).
    const due = await insideRoom(id, (conversation) => conversation.schedule.dueAt('turn'));
    expect(open.closesAt).toBe(due);
    const turnEnded = Date.parse(finished(viewer)[0]!.createdAt);
    expect(open.closesAt).toBeGreaterThanOrEqual(turnEnded + AUDIENCE_LIMITS.voteWindowMs.min);
    // Nobody is announced while the vote is open.
    expect(viewer.frames.slice(viewer.frames.indexOf(open)).some(ofType('turn-announce'))).toBe(false);
    for (const voter of voters) send(voter, { type: 'vote', voteId: open.voteId, persona: 'scientist' });
    const tally = await viewer.next(
      (frame): frame is Extract<ServerFrame, { type: 'vote-tally' }> =>
        frame.type === 'vote-tally' && frame.counts.scientist === 3,
    );
    expect(tally.voteId).toBe(open.voteId);
    const close = await viewer.next(ofType('vote-close'));
    expect(close).toMatchObject({
      voteId: open.voteId,
      counts: { scientist: 3 },
      winner: 'scientist',
      decidedBy: 'votes',
    });
    const announce = await viewer.next(ofType('turn-announce'), { from: viewer.frames.indexOf(close) });
    expect(announce.persona).toBe('scientist');
    await viewer.until(isStopped);
    expect(finished(viewer).map((message) => message.persona)).toEqual(['philosopher', 'scientist']);
    // The last turn opens no vote: the room stopped.
    expect(closes(viewer.frames)).toHaveLength(1);
    for (const voter of [viewer, ...voters]) voter.close();
  });

  it('leaves a tie and a vote without votes to the room’s mode', async () => {
    const { id, room, viewer } = await openRoom({ mode: 'sequential', maxTurns: 3, voteNext: true });
    const [ann, bob] = await Promise.all(['ann', 'bob'].map((name) => connectViewer(id, { viewer: user(name) })));
    await room.start();
    // No votes: sequential goes on to the comedian.
    await viewer.until((frames) => closes(frames).length === 1, 30_000);
    expect(closes(viewer.frames)[0]).toMatchObject({ counts: {}, winner: null, decidedBy: 'mode' });
    // A tie between the philosopher and the scientist: sequential goes on to the scientist.
    const second = await viewer.next(ofType('vote-open'), { from: viewer.frames.indexOf(closes(viewer.frames)[0]!) });
    expect(second.candidates).toEqual(['philosopher', 'scientist']);
    send(ann!, { type: 'vote', voteId: second.voteId, persona: 'philosopher' });
    send(bob!, { type: 'vote', voteId: second.voteId, persona: 'scientist' });
    await expect.poll(() => counts(id)).toEqual({ philosopher: 1, scientist: 1 });
    await viewer.until(isStopped, 30_000);
    expect(closes(viewer.frames)[1]).toMatchObject({
      counts: { philosopher: 1, scientist: 1 },
      winner: null,
      decidedBy: 'mode',
    });
    expect(finished(viewer).map((message) => message.persona)).toEqual(['philosopher', 'comedian', 'scientist']);
    for (const voter of [viewer, ann!, bob!]) voter.close();
  });

  it('counts one vote per user across all their sockets, refuses anonymous viewers and closed votes', async () => {
    const { id, room, viewer } = await openRoom({ mode: 'sequential', maxTurns: 2, voteNext: true });
    const ann = user('ann');
    const [phone, laptop, bob] = await Promise.all([
      connectViewer(id, { viewer: ann }),
      connectViewer(id, { viewer: ann }),
      connectViewer(id, { viewer: user('bob') }),
    ]);
    await room.start();
    const open = await viewer.next(ofType('vote-open'));
    // Anonymous: refused before anything counts, and the socket stays open.
    send(viewer, { type: 'vote', voteId: open.voteId, persona: 'scientist' });
    const refused = await viewer.next(ofType('error'));
    expect(refused).toMatchObject({ code: 'sign_in_required', message: expect.stringContaining('Sign in') });
    send(phone!, { type: 'vote', voteId: open.voteId, persona: 'comedian' });
    await expect.poll(() => counts(id)).toEqual({ comedian: 1 });
    // Ann's second vote, from her other socket, replaces her first.
    send(laptop!, { type: 'vote', voteId: open.voteId, persona: 'scientist' });
    await expect.poll(() => counts(id)).toEqual({ scientist: 1 });
    send(bob!, { type: 'vote', voteId: open.voteId, persona: 'scientist' });
    await expect.poll(() => counts(id)).toEqual({ scientist: 2 });
    expect(await insideRoom(id, (conversation) => conversation.steering.vote.mine(ann.userId))).toBe('scientist');
    // The last speaker is no candidate; an unknown vote is not open.
    send(bob!, { type: 'vote', voteId: open.voteId, persona: 'philosopher' });
    expect(await bob!.next(ofType('error'))).toMatchObject({ code: 'not_open' });
    send(phone!, { type: 'vote', voteId: 'no-such-vote', persona: 'comedian' });
    expect(await phone!.next(ofType('error'))).toMatchObject({ code: 'not_open' });
    expect(await counts(id)).toEqual({ scientist: 2 });
    // An interjection naming nobody leaves the vote open, and nobody is announced before it closes.
    await room.interject({ userId: ann.userId, username: 'ann', text: 'Hello, everyone!' });
    const close = await viewer.next(ofType('vote-close'));
    const beforeClose = viewer.frames.slice(viewer.frames.indexOf(open), viewer.frames.indexOf(close));
    expect(beforeClose.some(ofType('turn-announce'))).toBe(false);
    expect(close).toMatchObject({ counts: { scientist: 2 }, winner: 'scientist', decidedBy: 'votes' });
    send(laptop!, { type: 'vote', voteId: open.voteId, persona: 'comedian' });
    expect(await laptop!.next(ofType('error'))).toMatchObject({ code: 'not_open' });
    await viewer.until(isStopped);
    for (const socket of [viewer, phone!, laptop!, bob!]) socket.close();
  });

  it('keeps an open vote and its ballots across an eviction: the next instance closes it with them', async () => {
    const { id, room, viewer } = await openRoom({ mode: 'sequential', maxTurns: 2, voteNext: true });
    const ann = await connectViewer(id, { viewer: user('ann') });
    await room.start();
    const open = await viewer.next(ofType('vote-open'));
    send(ann, { type: 'vote', voteId: open.voteId, persona: 'scientist' });
    await expect.poll(() => counts(id)).toEqual({ scientist: 1 });
    await evictDurableObject(room);
    await viewer.until(isStopped, 30_000);
    expect(closes(viewer.frames)).toEqual([
      expect.objectContaining({ voteId: open.voteId, counts: { scientist: 1 }, winner: 'scientist' }),
    ]);
    expect(finished(viewer).map((message) => message.persona)).toEqual(['philosopher', 'scientist']);
    for (const socket of [viewer, ann]) socket.close();
  });

  it('closes an open vote without a winner when the owner pauses; an interjection naming a persona closes it too', async () => {
    const { id, room, viewer } = await openRoom({ mode: 'sequential', maxTurns: 6, voteNext: true });
    const ann = await connectViewer(id, { viewer: user('ann') });
    await room.start();
    const open = await viewer.next(ofType('vote-open'));
    send(ann, { type: 'vote', voteId: open.voteId, persona: 'scientist' });
    await expect.poll(() => counts(id)).toEqual({ scientist: 1 });
    await room.pause();
    const close = await viewer.next(ofType('vote-close'));
    expect(close).toMatchObject({ voteId: open.voteId, counts: { scientist: 1 }, winner: null, decidedBy: 'mode' });
    expect(await counts(id)).toBeNull();
    await room.resume();
    const next = await viewer.next(ofType('vote-open'), { from: viewer.frames.indexOf(close) });
    const from = viewer.frames.indexOf(next);
    const last = finished(viewer).at(-1)!.persona;
    const addressed = next.candidates[0]!;
    await room.interject({ userId: 'u1', username: 'ann', text: `What do you make of that, ${addressed}?` });
    expect(await viewer.next(ofType('vote-close'), { from })).toMatchObject({ voteId: next.voteId, winner: null });
    const answer = await viewer.next(
      (frame): frame is Extract<ServerFrame, { type: 'message-end' }> =>
        frame.type === 'message-end' && frame.message.senderType === 'ai',
      { from },
    );
    expect(answer.message).toMatchObject({ persona: addressed });
    expect(answer.message.persona).not.toBe(last);
    await room.stop();
    for (const socket of [viewer, ann]) socket.close();
  });

  it('opens no vote while the closing remarks go to the personas who owe them', async () => {
    const space = await openFakeSpace();
    // 0.12 USD a turn: the second (the audience's choice) crosses the budget of 0.2; each persona then closes once, in table order after it.
    await space.script({ reply: ['A priced ', 'reply.'], usage: { inputTokens: 100_000, outputTokens: 50_000 } });
    const personas = demoPersonas().map((persona) => ({
      ...persona,
      provider: 'openai' as const,
      model: 'gpt-4.1-mini',
    }));
    const { id, room, viewer } = await openRoom({ personas, maxTurns: 20, budgetUsd: 0.2, voteNext: true });
    await insideRoom(id, (conversation) => conversation.useDependencies(providersFrom(space.config(['openai']))));
    const ann = await connectViewer(id, { viewer: user('ann') });
    await room.start();
    const open = await viewer.next(ofType('vote-open'));
    send(ann, { type: 'vote', voteId: open.voteId, persona: 'scientist' });
    await viewer.until(isStopped, 30_000);
    expect(viewer.frames.filter(ofType('vote-open'))).toHaveLength(1);
    const spoken = finished(viewer).map((message) => [message.persona, message.metadata.closing ?? false]);
    expect(spoken).toEqual([
      ['philosopher', false],
      ['scientist', false],
      ['philosopher', true],
      ['comedian', true],
      ['scientist', true],
    ]);
    for (const socket of [viewer, ann]) socket.close();
  });
});
