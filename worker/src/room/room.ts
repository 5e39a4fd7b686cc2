/**
 * ConversationRoom: one Durable Object per conversation. For now it accepts
 * viewers' WebSockets through the hibernation API and reports presence; the
 * turn timer, providers and durability arrive with the room itself.
 */
import { DurableObject } from 'cloudflare:workers';

/** What each socket carries across hibernation. */
interface ViewerAttachment {
  connectedAt: number;
}

export class ConversationRoom extends DurableObject<Env> {
  /** Accepts a WebSocket upgrade and announces the new viewer count to everyone. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('Expected a WebSocket upgrade', { status: 426 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ connectedAt: Date.now() } satisfies ViewerAttachment);
    this.broadcastPresence();
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Nothing to receive yet: every frame gets a typed error. */
  override async webSocketMessage(socket: WebSocket): Promise<void> {
    socket.send(JSON.stringify({ type: 'error', code: 'unsupported', message: 'This room does not accept frames yet.' }));
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    socket.close(code, reason);
    this.broadcastPresence();
  }

  private broadcastPresence() {
    const sockets = this.ctx.getWebSockets();
    const frame = JSON.stringify({ type: 'presence', viewers: sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length });
    for (const socket of sockets) {
      try {
        socket.send(frame);
      } catch {
        // A socket closing under us; its close handler announces the new count.
      }
    }
  }
}
