import { describe, expect, it } from 'vitest';
import {
  connectViewer,
  createConversation,
  demoSettings,
  finished,
  isStopped,
  ofType,
  openRoom,
  roomOf,
} from './testing.ts';

describe('a room in rounds (the demo room)', () => {
  it('goes on with its next round by itself while a viewer watches, without any other call', async () => {
    const { room, viewer } = await openRoom({ maxTurns: 2, roundTurns: 2 });
    await room.start();
    await viewer.until(
      (frames) => finished({ ...viewer, frames }).filter((message) => message.senderType === 'ai').length >= 3,
    );
    expect(isStopped(viewer.frames)).toBe(false);
    const state = await room.state();
    expect(state).toMatchObject({ status: 'running', stopReason: null });
    expect(state.turns).toBeGreaterThanOrEqual(3);
    const info = viewer.frames.filter(ofType('state')).at(-1)?.room;
    expect(info?.maxTurns).toBeGreaterThanOrEqual(4);
    await room.stop();
    viewer.close();
  });

  it('starts its next round when a viewer arrives after a round ended unwatched', async () => {
    const id = await createConversation();
    const room = roomOf(id);
    await room.configure(demoSettings(id, { maxTurns: 2, roundTurns: 2 }));
    await room.start();
    await expect
      .poll(() => room.state(), { timeout: 20_000 })
      .toMatchObject({ status: 'stopped', stopReason: 'max-turns', turns: 2 });
    const viewer = await connectViewer(id);
    await viewer.until((frames) => finished({ ...viewer, frames }).some((message) => message.metadata.turn === 3));
    expect(await room.state()).toMatchObject({ status: 'running' });
    await room.stop();
    viewer.close();
  });

  it('stops at maxTurns as before when it has no rounds, watched or not', async () => {
    const { room, viewer } = await openRoom({ maxTurns: 2 });
    await room.start();
    await viewer.until(isStopped);
    expect(await room.state()).toMatchObject({ status: 'stopped', stopReason: 'max-turns', turns: 2 });
    viewer.close();
  });
});
