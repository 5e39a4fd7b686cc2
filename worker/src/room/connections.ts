/**
 * The room's viewers: WebSockets accepted through the hibernation API, each
 * carrying its viewer in a serialized attachment so that nothing is lost when
 * the room hibernates or is evicted (the sockets stay open; the attachments
 * are read back from `getWebSockets()` by the next instance).
 */
import { z } from 'zod';
import { viewerSchema, type Viewer } from './contract.ts';
import type { ServerFrame } from './protocol.ts';

/** What each socket carries across hibernation. */
const attachmentSchema = z.object({
  viewer: viewerSchema.nullable(),
  connectedAt: z.number(),
});
export type ViewerAttachment = z.infer<typeof attachmentSchema>;

/** At most one presence broadcast per this many ms: thousands of arrivals make a few frames, not millions. */
export const PRESENCE_INTERVAL_MS = 250;

export class Connections {
  readonly #ctx: DurableObjectState;
  /** The sockets, read once from the runtime after a wake-up and kept in step: a broadcast to thousands does not rebuild the list each frame. */
  #sockets: Set<WebSocket> | null = null;
  #presenceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(ctx: DurableObjectState) {
    this.#ctx = ctx;
  }

  /** Accepts a viewer's socket for hibernation; `viewer` is null for anonymous viewers. */
  accept(socket: WebSocket, viewer: Viewer | null): void {
    this.#ctx.acceptWebSocket(socket);
    socket.serializeAttachment({ viewer, connectedAt: Date.now() } satisfies ViewerAttachment);
    this.#all().add(socket);
  }

  /** Drops a socket that closed or failed. */
  forget(socket: WebSocket): void {
    this.#all().delete(socket);
  }

  /** The sockets that can receive frames now. */
  open(): WebSocket[] {
    return [...this.#all()].filter((socket) => socket.readyState === WebSocket.OPEN);
  }

  #all(): Set<WebSocket> {
    this.#sockets ??= new Set(this.#ctx.getWebSockets());
    return this.#sockets;
  }

  count(): number {
    return this.open().length;
  }

  /** The socket's attachment; null if it carries none the room wrote. */
  attachment(socket: WebSocket): ViewerAttachment | null {
    const parsed = attachmentSchema.safeParse(socket.deserializeAttachment());
    return parsed.success ? parsed.data : null;
  }

  updateAttachment(socket: WebSocket, attachment: ViewerAttachment): void {
    socket.serializeAttachment(attachment);
  }

  /** Sends to one socket; a socket closing under us is skipped (its close handler runs next). */
  send(socket: WebSocket, frame: ServerFrame | string): void {
    try {
      socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    } catch {
      // Closed between the check and the send.
    }
  }

  /** Sends the same text to every open socket; serialised once whatever the audience. */
  broadcast(frame: ServerFrame | string): void {
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
    for (const socket of this.#all()) if (socket.readyState === WebSocket.OPEN) this.send(socket, text);
  }

  /** Announces the viewer count to everyone, at most once per PRESENCE_INTERVAL_MS. */
  presenceChanged(): void {
    if (this.#presenceTimer !== undefined) return;
    this.#presenceTimer = setTimeout(() => {
      this.#presenceTimer = undefined;
      this.broadcast({ type: 'presence', viewers: this.count() });
    }, PRESENCE_INTERVAL_MS);
  }
}
