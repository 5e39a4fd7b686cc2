/**
 * The room's side of its viewers' sockets: accepting one (with a replay of
 * what it missed, or a snapshot), the frames it sends, and its departure.
 * The sockets themselves and their attachments live in connections.ts.
 * Viewers interject over REST only (routes/conversation-control.ts, one
 * budget per user): a socket pings, resumes, and sends the audience's frames
 * (audience.ts: reactions, votes, suggestions, picks).
 */
import { VIEWER_HEADER, VIEWER_NETWORK_HEADER, viewerSchema, type Viewer } from './contract.ts';
import type { Conversation } from './conversation.ts';
import { type FrameOf, LAST_SEQ_PARAM, parseClientFrame } from '../contract/index.ts';

/** Finished messages a snapshot carries; older ones come from the REST API. */
export const SNAPSHOT_MESSAGES = 50;

/** Accepts a viewer's WebSocket: replays what it missed (or sends a snapshot), then keeps it for hibernation. */
export async function connectViewer(room: Conversation, request: Request): Promise<Response> {
  if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
    return new Response('Expected a WebSocket upgrade', { status: 426 });
  }
  const { 0: client, 1: server } = new WebSocketPair();
  room.connections.accept(server, readViewer(request), readNetwork(request));
  const lastSeq = readLastSeq(new URL(request.url));
  catchUp(room, server, lastSeq);
  room.connections.presenceChanged();
  const control = await room.welcomeViewer();
  await room.syncIdleCheck(control);
  return new Response(null, { status: 101, webSocket: client });
}

/** Handles a frame from a viewer; a bad one gets an error frame, never an exception. */
export async function receiveFrame(room: Conversation, socket: WebSocket, data: string | ArrayBuffer): Promise<void> {
  const result = parseClientFrame(data);
  if (!result.ok) return room.connections.send(socket, { type: 'error', code: result.code, message: result.message });
  const frame = result.frame;
  switch (frame.type) {
    case 'ping':
      return room.connections.send(socket, { type: 'pong' });
    case 'resume':
      return catchUp(room, socket, frame.lastSeq);
    default:
      return room.audience.receive(socket, frame);
  }
}

/** A viewer left: tell the others, and start the idle countdown when nobody is left. */
export async function viewerLeft(room: Conversation, socket: WebSocket, code: number, reason: string): Promise<void> {
  room.connections.forget(socket);
  try {
    socket.close(code, reason);
  } catch {
    // Already closed.
  }
  room.connections.presenceChanged();
  await room.syncIdleCheck();
}

/** Sends the frames after `lastSeq`, or a snapshot when there is no lastSeq or it is too old; then the present (the audience's reactions of the recent messages among it). */
function catchUp(room: Conversation, socket: WebSocket, lastSeq: number | null): void {
  const missed = lastSeq === null ? null : room.frames.since(lastSeq);
  let held: string[];
  if (missed === null) {
    const frame = snapshot(room);
    room.connections.send(socket, frame);
    held = frame.messages.map((message) => message.id);
  } else {
    for (const text of missed) room.connections.send(socket, text);
    room.connections.send(socket, { type: 'state', state: room.state(), room: room.store.roomInfo() });
    held = room.store.recentMessageIds(SNAPSHOT_MESSAGES);
  }
  room.connections.send(socket, room.audience.stateFor(socket, held));
  room.connections.send(socket, { type: 'presence', viewers: room.connections.count() });
}

/** The snapshot of the room: its last SNAPSHOT_MESSAGES messages, each with its reactions. */
function snapshot(room: Conversation): FrameOf<'snapshot'> {
  const recent = room.store.recentMessages(SNAPSHOT_MESSAGES + 1);
  const active = room.active;
  const messages = recent.slice(-SNAPSHOT_MESSAGES);
  const counts = room.audience.reactions.countsOfMany(messages.map((message) => message.id));
  return {
    type: 'snapshot',
    seq: room.frames.lastSeq,
    state: room.state(),
    room: room.store.roomInfo(),
    messages: messages.map((message) => ({ ...message, reactions: counts[message.id] ?? {} })),
    hasEarlier: recent.length > SNAPSHOT_MESSAGES,
    typing: active?.typing ? { persona: active.persona, displayName: active.displayName } : null,
    streaming: active?.streaming ?? null,
  };
}

function readViewer(request: Request): Viewer | null {
  const header = request.headers.get(VIEWER_HEADER);
  if (!header) return null;
  try {
    const parsed = viewerSchema.safeParse(JSON.parse(header));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The viewer's network as the Worker saw it (VIEWER_NETWORK_HEADER); null when absent or malformed. */
function readNetwork(request: Request): string | null {
  const network = request.headers.get(VIEWER_NETWORK_HEADER);
  return network !== null && /^ip:[0-9a-f.:/]{1,60}$/i.test(network) ? network : null;
}

function readLastSeq(url: URL): number | null {
  const raw = url.searchParams.get(LAST_SEQ_PARAM);
  if (raw === null || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}
