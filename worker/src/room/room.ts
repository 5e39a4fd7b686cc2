/**
 * ConversationRoom: one Durable Object per conversation. This class is only
 * the platform's surface, the hooks Cloudflare calls and the RPC methods of
 * RoomControl. The conversation lives in conversation.ts, the viewers'
 * sockets are handled by viewer-sessions.ts.
 */
import { DurableObject } from 'cloudflare:workers';
import {
  RoomControlError,
  type Interjection,
  type RoomControl,
  type RoomMetrics,
  type RoomResult,
  type RoomSettings,
  type RoomState,
} from './contract.ts';
import { Conversation } from './conversation.ts';
import { roomDependencies } from './dependencies.ts';
import { PING_FRAME, PONG_FRAME } from '../contract/index.ts';
import { connectViewer, receiveFrame, viewerLeft } from './viewer-sessions.ts';

/**
 * Reaches a room's Conversation from a test's `runInDurableObject`. A symbol,
 * so that it is no RPC method: only code inside the object can use it.
 */
export const ROOM_INTERNALS: unique symbol = Symbol('room-internals');

export class ConversationRoom extends DurableObject<Env> implements RoomControl {
  readonly #conversation: Conversation;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#conversation = new Conversation(ctx, roomDependencies(env));
    // Keep-alive pings are answered by the runtime without waking the room.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_FRAME, PONG_FRAME));
  }

  get [ROOM_INTERNALS](): Conversation {
    return this.#conversation;
  }

  /** A viewer's WebSocket upgrade, forwarded by the Worker's /ws route. */
  override fetch(request: Request): Promise<Response> {
    return connectViewer(this.#conversation, request);
  }

  override webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    return receiveFrame(this.#conversation, socket, message);
  }

  override webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    return viewerLeft(this.#conversation, socket, code, reason);
  }

  override webSocketError(socket: WebSocket): Promise<void> {
    return viewerLeft(this.#conversation, socket, 1011, 'error');
  }

  /** Runs the due work: the next turn, an outbox retry, the idle check. */
  override alarm(): Promise<void> {
    return this.#conversation.runDue();
  }

  configure(settings: RoomSettings): Promise<RoomResult<RoomState>> {
    return answer(() => this.#conversation.configure(settings));
  }

  start(): Promise<RoomResult<RoomState>> {
    return answer(() => this.#conversation.control('start'));
  }

  pause(): Promise<RoomResult<RoomState>> {
    return answer(() => this.#conversation.control('pause'));
  }

  resume(): Promise<RoomResult<RoomState>> {
    return answer(() => this.#conversation.control('resume'));
  }

  stop(): Promise<RoomResult<RoomState>> {
    return answer(() => this.#conversation.control('stop'));
  }

  interject(interjection: Interjection): Promise<RoomResult<{ seq: number }>> {
    return answer(() => this.#conversation.interject(interjection));
  }

  async state(): Promise<RoomState> {
    return this.#conversation.state();
  }

  async metrics(): Promise<RoomMetrics> {
    const { status, viewers, turns, costUsd } = this.#conversation.state();
    const { outbox } = this.#conversation;
    return {
      status,
      viewers,
      outboxPending: outbox.pending(),
      outboxQuarantined: outbox.quarantined(),
      turns,
      costUsd,
    };
  }
}

/** A control's answer across RPC: its value, or its refusal as data (any other error still throws). */
async function answer<T>(work: () => Promise<T>): Promise<RoomResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof RoomControlError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}
