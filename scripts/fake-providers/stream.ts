/**
 * The streamed reply of the fake provider server: the family's framing
 * (stream-formats.ts), the script's reasoning and reply chunks with their
 * pauses, the usage, and the faults that strike mid-stream.
 */
import type { ServerResponse } from 'node:http';
import { defaultReply, type FakeProvider, type Fault, type Script } from './script.ts';
import { STREAM_FORMATS } from './stream-formats.ts';
import type { NormalizedRequest, WireFamily } from './wire.ts';

/** Streams the reply to `request` as `family` frames it, with `fault` if any. */
export async function stream(
  response: ServerResponse,
  family: WireFamily,
  provider: FakeProvider,
  request: NormalizedRequest,
  script: Script,
  fault: Fault | undefined,
) {
  const format = STREAM_FORMATS[family];
  const chunks = script.reply ?? defaultReply(provider, request.model);
  const usage =
    script.usage === 'none'
      ? undefined
      : (script.usage ?? {
          inputTokens: [request.system, ...request.messages.map((message) => message.content)]
            .join(' ')
            .split(/\s+/)
            .filter(Boolean).length,
          outputTokens: chunks.length,
        });
  let open = true;
  response.on('close', () => {
    open = false;
  });
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      response.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  response.writeHead(200, { 'content-type': format.contentType, 'cache-control': 'no-cache' });
  for (const frame of format.opening(request.model)) response.write(frame);
  if (fault?.kind === 'slow-first-token') await wait(fault.delayMs ?? 10_000);
  const pause = () => (script.chunkDelayMs ? wait(script.chunkDelayMs) : Promise.resolve());
  for (const thought of family === 'anthropic' ? [] : (script.reasoning ?? [])) {
    await pause();
    if (!open) return;
    response.write(format.reasoningDelta(request.model, thought));
  }
  for (const [index, chunk] of chunks.entries()) {
    await pause();
    if (!open) return;
    response.write(format.delta(request.model, chunk));
    if (index > 0) continue;
    // Mid-stream faults strike right after the first token, so the client has streamed something.
    if (fault?.kind === 'malformed') return response.end(format.malformed());
    if (fault?.kind === 'cut') return void setTimeout(() => response.destroy(), 20);
    if (fault?.kind === 'stall') {
      await wait(60_000);
      return response.end();
    }
  }
  for (const frame of format.closing(request.model, usage)) response.write(frame);
  response.end();
}
