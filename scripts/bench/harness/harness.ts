/** The benchmark's control worker (see wrangler.toml beside it): POST /rooms/:id/{configure,start,pause,stop,state}. */
import type { ConversationRoom } from '../../../worker/src/room/room.ts';

interface HarnessEnv {
  ROOMS: DurableObjectNamespace<ConversationRoom>;
}

export default {
  async fetch(request: Request, env: HarnessEnv): Promise<Response> {
    const match = /^\/rooms\/([0-9a-f-]{36})\/(configure|start|pause|stop|state)$/.exec(new URL(request.url).pathname);
    if (!match || request.method !== 'POST') return new Response('not found', { status: 404 });
    const [, id, action] = match;
    const room = env.ROOMS.get(env.ROOMS.idFromName(id!));
    try {
      switch (action) {
        case 'configure':
          return Response.json(await room.configure(await request.json()));
        case 'start':
          return Response.json(await room.start());
        case 'pause':
          return Response.json(await room.pause());
        case 'stop':
          return Response.json(await room.stop());
        default:
          return Response.json(await room.state());
      }
    } catch (error) {
      return Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 409 });
    }
  },
};
