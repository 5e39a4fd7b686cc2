import { describe, expect, it } from 'vitest';
import { MAX_CLIENT_FRAME_BYTES } from '../contract/index.ts';
import { connectViewer, createConversation, demoSettings, ofType, roomOf } from './testing.ts';

describe('the room WebSocket', () => {
  it('greets a new viewer with a snapshot and tells everyone the viewer count', async () => {
    const id = await createConversation();
    await roomOf(id).configure(demoSettings(id, { title: 'Greetings' }));
    const first = await connectViewer(id);
    const snapshot = await first.next(ofType('snapshot'));
    expect(snapshot).toMatchObject({
      seq: 0,
      state: { status: 'idle', viewers: 1 },
      room: { title: 'Greetings' },
      messages: [],
      typing: null,
      streaming: null,
    });
    expect(snapshot.room?.personas.map((persona) => persona.displayName)).toEqual([
      'The Philosopher',
      'The Comedian',
      'The Scientist',
    ]);
    expect(await first.next(ofType('presence'))).toEqual({ type: 'presence', viewers: 1 });
    const second = await connectViewer(id);
    expect(await second.next(ofType('snapshot'))).toMatchObject({ state: { viewers: 2 } });
    await first.until((frames) => frames.some((frame) => frame.type === 'presence' && frame.viewers === 2));
    second.close();
    await first.until((frames) => frames.filter(ofType('presence')).at(-1)?.viewers === 1);
    first.close();
  });

  it('answers malformed, unknown, oversized and binary frames with error frames and stays open', async () => {
    const viewer = await connectViewer(await createConversation());
    await viewer.next(ofType('presence'));
    const errorsBefore = () => viewer.frames.filter(ofType('error')).length;
    const expectError = async (send: () => void, code: string) => {
      const from = viewer.frames.length;
      send();
      expect(await viewer.next(ofType('error'), { from })).toMatchObject({ code });
    };
    await expectError(() => viewer.socket.send('{not json'), 'bad_frame');
    await expectError(() => viewer.socket.send('{"type":"hello"}'), 'bad_frame');
    await expectError(() => viewer.socket.send(JSON.stringify({ type: 'resume', lastSeq: -1 })), 'bad_frame');
    await expectError(
      () =>
        viewer.socket.send(JSON.stringify({ type: 'resume', lastSeq: 0, padding: 'x'.repeat(MAX_CLIENT_FRAME_BYTES) })),
      'frame_too_large',
    );
    await expectError(() => viewer.socket.send(new Uint8Array([1, 2, 3])), 'bad_frame');
    expect(errorsBefore()).toBe(5);
    const from = viewer.frames.length;
    viewer.socket.send('{"type":"ping"}');
    expect(await viewer.next(ofType('pong'), { from })).toEqual({ type: 'pong' });
    expect(viewer.socket.readyState).toBe(WebSocket.OPEN);
    viewer.close();
  });

  it('takes no interjection over the socket, signed in or not: bad_frame (interjections go through REST, one budget per user)', async () => {
    const id = await createConversation();
    await roomOf(id).configure(demoSettings(id));
    for (const signedIn of [undefined, { userId: 'user-ada', username: 'ada' }]) {
      const viewer = await connectViewer(id, signedIn ? { viewer: signedIn } : {});
      await viewer.next(ofType('presence'));
      viewer.socket.send(JSON.stringify({ type: 'interject', text: 'Let me in' }));
      expect(await viewer.next(ofType('error'))).toMatchObject({ code: 'bad_frame' });
      viewer.close();
    }
    expect(await roomOf(id).state()).toMatchObject({ lastSeq: 0 });
  });
});
