/** The Worker entry: the Hono app, and the Durable Object classes wrangler.toml names. */
import { createApp } from './app.ts';

export { ConversationRoom } from './room/room.ts';

export default createApp();
