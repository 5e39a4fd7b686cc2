/**
 * The room's viewers: WebSockets accepted through the hibernation API, each
 * carrying its viewer in a serialized attachment so that nothing is lost when
 * the room hibernates or is evicted (the sockets stay open; the attachments
 * are read back from `getWebSockets()` by the next instance). Each socket
 * also carries its own id and the network it connects from: an anonymous
 * viewer's reactions count once per socket and per network (reactions.ts).
 */
import { z } from 'zod';
import { viewerSchema, type Viewer } from './contract.ts';
import type { ServerFrame } from '../contract/index.ts';

/** What each socket carries across hibernation. */
const attachmentSchema = z.object({
  viewer: viewerSchema.nullable(),
  connectedAt: z.number(),
  /** Absent on sockets accepted before sockets had ids; given one on first use (socketIdentity). */
  socketId: z.string().max(100).optional(),
  /** VIEWER_NETWORK_HEADER's value; null when the Worker saw no address. */
  network: z.string().max(100).nullable().default(null),
});
export type ViewerAttachment = z.infer<typeof attachmentSchema>;

/** A socket's viewer (null: anonymous), its id and its network (null: unknown). */
export interface SocketIdentity {
  viewer: Viewer | null;
  socketId: string;
  network: string | null;
}

/** At most one presence broadcast per this many ms: thousands of arrivals make a few frames, not millions. */
export const PRESENCE_INTERVAL_MS = 250;

export class Connections {
  readonly #ctx: DurableObjectState;
  /** The sockets, read once from the runtime after a wake-up and kept in step: a broadcast to thousands does not rebuild the list each frame. */
  #sockets: Set<WebSocket> | null = null;
  #presenceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Each socket's identity once read: an audience frame does not deserialize and check its attachment again. */
  readonly #identities = new WeakMap<WebSocket, SocketIdentity>();

  constructor(ctx: DurableObjectState) {
    this.#ctx = ctx;
  }

  /** Accepts a viewer's socket for hibernation; `viewer` is null for anonymous viewers, `network` when the Worker saw no address. */
  accept(socket: WebSocket, viewer: Viewer | null, network: string | null = null): void {
    this.#ctx.acceptWebSocket(socket);
    const attachment: ViewerAttachment = { viewer, connectedAt: Date.now(), socketId: crypto.randomUUID(), network };
    socket.serializeAttachment(attachment);
    this.#all().add(socket);
  }

  /** Who is behind a socket as the audience counts it: its viewer, its own id and its network. */
  socketIdentity(socket: WebSocket): SocketIdentity {
    const known = this.#identities.get(socket);
    if (known) return known;
    const attachment = this.attachment(socket);
    if (!attachment) return { viewer: null, socketId: 'unknown', network: null };
    if (attachment.socketId === undefined) {
      attachment.socketId = crypto.randomUUID();
      this.updateAttachment(socket, attachment);
    }
    const identity = { viewer: attachment.viewer, socketId: attachment.socketId, network: attachment.network };
    this.#identities.set(socket, identity);
    return identity;
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
