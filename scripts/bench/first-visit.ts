/**
 * A fresh visitor on a fresh install (issue 13): the app started on an empty
 * embedded Postgres at default timing, then what a browser opening the site
 * does: the page, the lobby's read (which creates and starts the demo room),
 * and the demo room's WebSocket, as the lobby's live line opens it. Measured
 * from the page request to the first streamed text (a `message-delta`, or the
 * snapshot's streaming message when one is under way), in ms.
 */
import WebSocket from 'ws';
import { z } from 'zod';
import { parseServerFrame } from '../../worker/src/contract/index.ts';
import { startBenchApp } from './app.ts';

const lobbySchema = z.object({ conversations: z.array(z.object({ id: z.string(), demo: z.boolean().optional() })) });

/** Milliseconds from opening the site to its first streamed text, on an install started for this one visit. */
export async function firstVisitMs(log: (line: string) => void, timeoutMs = 60_000): Promise<number> {
  // Default timing, the demo provider at its default pace: what a newcomer gets from `npm run dev`.
  const app = await startBenchApp({ demoPaceMs: 45, log, env: { ROOM_TIMING_SCALE: '1' } });
  try {
    const openedAt = Date.now();
    const page = await fetch(`${app.url}/`);
    if (!page.ok) throw new Error(`the page answered ${page.status}`);
    await page.text();
    const lobby = lobbySchema.parse(await (await fetch(`${app.url}/api/conversations`)).json());
    const demo = lobby.conversations.find((conversation) => conversation.demo);
    if (!demo) throw new Error('the lobby listed no demo room');
    return await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${app.url.replace('http', 'ws')}/ws/conversation/${demo.id}`, {
        headers: { origin: app.url },
      });
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`no streamed text within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.on('message', (data) => {
        const frame = parseServerFrame(String(data));
        const streamed =
          frame.type === 'message-delta' || (frame.type === 'snapshot' && (frame.streaming?.text.length ?? 0) > 0);
        if (!streamed) return;
        clearTimeout(timer);
        socket.close();
        resolve(Date.now() - openedAt);
      });
      socket.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } finally {
    await app.stop();
  }
}
