/**
 * One message of the room as a chat bubble: the persona's avatar circle, its
 * name in its colour, the age of the message (exact on hover and focus), the
 * text, and on demand its meter (latency, tokens, cost, quality) and its
 * provider. Personas' text is safe Markdown (lib/markdown.ts); a viewer's is
 * shown exactly as typed, on the audience's side. Never raw HTML.
 */
import { createSignal, Show, type Component, type JSX } from 'solid-js';
import type { MessageMetadata, ReactionCounts, RoomInfo } from '../../../../worker/src/contract/index.ts';
import { markdownRenderer } from '../../lib/markdown-loader.ts';
import { personaInk } from '../../lib/persona-color.ts';
import { exactTime, relativeTime, useNow } from '../../lib/relative-time.ts';
import { useBubbleAudience } from './audience-context.ts';
import { lazyPart } from '../../lib/lazy-chunk.ts';

// Reactions and the pick follow the room page as a chunk of their own (README, "First-load size").
const BubbleAudienceBar = lazyPart(
  () => import('./bubble-audience.tsx').then((module) => ({ default: module.BubbleAudienceBar })),
  // Its room is held while its chunk loads: a row that grew under the reader would move the log off its live end.
  () => <div class="bubble-audience" />,
);

/** A message as the bubble draws it: a finished one, or the one being streamed. */
export interface BubbleMessage {
  id: string;
  senderType: 'ai' | 'user' | 'system';
  author: string;
  persona: string | null;
  content: string;
  /** ISO 8601; absent while streaming. */
  createdAt?: string;
  provider?: string;
  model?: string;
  metadata?: MessageMetadata;
  /** Its reaction counts as stored (a snapshot's or a page's); the room's later word is in the audience. */
  reactions?: ReactionCounts;
}

/** "1.2 s". */
export function formatLatency(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "$0.0001". */
export function formatCost(usd: number): string {
  return `$${usd.toFixed(4)}`;
}

/** The meter of a finished AI message: latency, tokens, cost, quality (what is known of them). */
export function meterText(metadata: MessageMetadata): string {
  const parts: string[] = [];
  if (metadata.latencyMs !== undefined) parts.push(formatLatency(metadata.latencyMs));
  if (metadata.tokens) parts.push(`${metadata.tokens.output} tokens`);
  if (metadata.costUsd !== undefined) parts.push(formatCost(metadata.costUsd));
  if (metadata.quality) parts.push(`quality ${metadata.quality.score.toFixed(2)}`);
  if (metadata.cached) parts.push('cached');
  return parts.join(' · ');
}

function meterDetail(metadata: MessageMetadata): string {
  const parts: string[] = [];
  if (metadata.timeToFirstTokenMs !== undefined)
    parts.push(`first token after ${formatLatency(metadata.timeToFirstTokenMs)}`);
  if (metadata.tokens)
    parts.push(
      `${metadata.tokens.input} tokens in, ${metadata.tokens.output} out${metadata.tokens.estimated ? ' (estimated)' : ''}`,
    );
  return parts.join('; ');
}

const FALLBACK_AVATAR = { user: '💬', system: '🧭', ai: '🤖' } as const;

/** The text of a message: Markdown for personas and the Moderator once the renderer is in, plain text until then and always for viewers. */
const MessageText: Component<{ message: BubbleMessage }> = (props) => {
  const html = () => {
    const render = markdownRenderer();
    return render && props.message.senderType !== 'user' ? render(props.message.content) : null;
  };
  return (
    <Show
      when={html()}
      fallback={
        <div class="bubble-text bubble-plain">
          <p>{props.message.content}</p>
        </div>
      }
    >
      {(rendered) => <div class="bubble-text" innerHTML={rendered()} />}
    </Show>
  );
};

/** The bubble of one message. */
export const MessageBubble: Component<{
  message: BubbleMessage;
  room: RoomInfo | null;
  streaming?: boolean;
  notice?: string;
}> = (props) => {
  const now = useNow();
  const audience = useBubbleAudience();
  const persona = () => props.room?.personas.find((entry) => entry.name === props.message.persona);
  const provider = () => props.message.provider ?? props.message.metadata?.provider;
  const model = () => props.message.model ?? props.message.metadata?.model;
  const meter = () =>
    props.message.metadata && props.message.senderType === 'ai' ? meterText(props.message.metadata) : '';
  // Live, the notice comes from the second message-start; afterwards, from the providers the message records as failed.
  const notice = () => {
    if (props.notice) return props.notice;
    const failed = props.message.metadata?.fallbacks ?? [];
    return failed.length > 0 && provider()
      ? `${props.message.author} switched to ${provider()} · ${model()} (${failed.map((entry) => entry.provider).join(', ')} failed)`
      : undefined;
  };
  const avatar = () => persona()?.avatar ?? FALLBACK_AVATAR[props.message.senderType];
  const [detailsOpen, setDetailsOpen] = createSignal(false);
  const detailsId = () => `details-${props.message.id}`;
  const hasDetails = () => props.message.senderType === 'ai' && Boolean(provider());
  const style = (): JSX.CSSProperties | undefined => {
    const own = persona();
    return own ? { '--persona-color': own.color, '--persona-ink': personaInk(own.color) } : undefined;
  };
  return (
    <article
      class={`bubble bubble-${props.message.senderType}`}
      aria-label={props.message.author}
      aria-busy={props.streaming ? 'true' : 'false'}
      data-message-id={props.message.id}
      style={style()}
    >
      <span class="bubble-avatar" aria-hidden="true">
        {avatar()}
      </span>
      <div class="bubble-body">
        <header class="bubble-header">
          <span class="bubble-author">{props.message.author}</span>
          <Show when={props.message.senderType === 'user'}>
            <span class="bubble-kind">viewer</span>
          </Show>
          <Show when={props.message.senderType === 'system'}>
            <span class="bubble-kind">moderator</span>
          </Show>
          <Show when={props.message.metadata?.suggestion}>
            {(suggestion) => <span class="bubble-credit">suggested by {suggestion().author}</span>}
          </Show>
          <Show
            when={props.message.createdAt}
            fallback={
              <Show when={props.streaming}>
                <span class="bubble-time">now</span>
              </Show>
            }
          >
            {(createdAt) => (
              <time
                class="bubble-time"
                datetime={createdAt()}
                title={exactTime(createdAt())}
                data-exact={exactTime(createdAt())}
                tabindex="0"
              >
                {relativeTime(createdAt(), now())}
              </time>
            )}
          </Show>
          <Show when={hasDetails()}>
            <button
              type="button"
              class="bubble-details-toggle"
              aria-expanded={detailsOpen()}
              aria-controls={detailsId()}
              aria-label={`Details of ${props.message.author}'s message`}
              onClick={() => setDetailsOpen(!detailsOpen())}
            >
              ···
            </button>
          </Show>
        </header>
        <Show when={notice()}>
          <p class="bubble-notice">{notice()}</p>
        </Show>
        <MessageText message={props.message} />
        {/* The meter is on demand: in the document (and its text) always, shown when asked. */}
        <Show when={hasDetails()}>
          <div class="bubble-details" id={detailsId()} hidden={!detailsOpen()}>
            <Show when={!props.streaming && meter()}>
              <p class="bubble-meter" title={meterDetail(props.message.metadata!)}>
                {meter()}
              </p>
            </Show>
            <p class="bubble-badge">
              {provider()} · {model()}
            </p>
          </div>
        </Show>
        {/* Reactions and the round's pick: finished messages of personas and viewers (the Moderator's notes are not the show). */}
        <Show when={audience && !props.streaming && props.message.createdAt && props.message.senderType !== 'system'}>
          <BubbleAudienceBar
            audience={audience!}
            messageId={props.message.id}
            stored={props.message.reactions}
            author={props.message.author}
          />
        </Show>
      </div>
    </article>
  );
};
