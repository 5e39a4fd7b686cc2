/** The benchmark's control worker (see wrangler.toml beside it): POST /rooms/:id/{configure,start,pause,stop,state,interject}. */
import type { RoomResult } from '../../../worker/src/room/contract.ts';
import type { ConversationRoom } from '../../../worker/src/room/room.ts';

interface HarnessEnv {
  ROOMS: DurableObjectNamespace<ConversationRoom>;
}

/** A control's answer: its value, or its refusal with 409. */
function answer(result: RoomResult<unknown>): Response {
  return result.ok
    ? Response.json(result.value)
    : Response.json({ error: { code: result.code, message: result.message } }, { status: 409 });
}

export default {
  async fetch(request: Request, env: HarnessEnv): Promise<Response> {
    const match = /^\/rooms\/([0-9a-f-]{36})\/(configure|start|pause|stop|state|interject)$/.exec(
      new URL(request.url).pathname,
    );
    if (!match || request.method !== 'POST') return new Response('not found', { status: 404 });
    const [, id, action] = match;
    const room = env.ROOMS.get(env.ROOMS.idFromName(id!));
    try {
      switch (action) {
        case 'configure':
          return answer(await room.configure(await request.json()));
        case 'start':
          return answer(await room.start());
        case 'pause':
          return answer(await room.pause());
        case 'stop':
          return answer(await room.stop());
        case 'interject':
          return answer(await room.interject(await request.json()));
        default:
          return Response.json(await room.state());
      }
    } catch (error) {
      return Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 409 });
    }
  },
};
