/**
 * The wire contract: everything the browser and the Worker share (WebSocket
 * frames, the API's error codes and their statuses, the limits). It imports
 * nothing of the Worker, only valibot (a validator small enough for the room page), so the web app may import its runtime
 * code; a test (contract.node.test.ts) keeps it that way.
 */
export * from './audience.ts';
export * from './errors.ts';
export * from './frames.ts';
export * from './limits.ts';
export * from './messages.ts';
export * from './room-state.ts';
