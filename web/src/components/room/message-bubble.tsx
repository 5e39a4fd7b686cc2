/** One message of the room: its author (avatar, colour, name), provider badge, text, fallback notice and meter. Text is rendered as text, never as HTML. */
import { For, Match, Show, Switch, type Component } from 'solid-js';
import { parseInline } from '../../lib/inline-markdown.ts';
import type { MessageMetadata, RoomInfo } from '../../../../worker/src/contract/index.ts';

/** A message as the bubble draws it: a finished one, or the one being streamed. */
export interface BubbleMessage {
  id: string;
  senderType: 'ai' | 'user' | 'system';
  author: string;
  persona: string | null;
  content: string;
  provider?: string;
  model?: string;
  metadata?: MessageMetadata;
}

/** "1.2 s". */
export function formatLatency(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "$0.0001". */
export function formatCost(usd: number): string {
  return `$${usd.toFixed(4)}`;
}

/** The meter of a finished AI message: latency, tokens, cost (what is known of them). */
export function meterText(metadata: MessageMetadata): string {
  const parts: string[] = [];
  if (metadata.latencyMs !== undefined) parts.push(formatLatency(metadata.latencyMs));
  if (metadata.tokens) parts.push(`${metadata.tokens.output} tokens`);
  if (metadata.costUsd !== undefined) parts.push(formatCost(metadata.costUsd));
  if (metadata.cached) parts.push('cached');
  return parts.join(' · ');
}

function meterTitle(metadata: MessageMetadata): string {
  const parts: string[] = [];
  if (metadata.timeToFirstTokenMs !== undefined) parts.push(`first token after ${formatLatency(metadata.timeToFirstTokenMs)}`);
  if (metadata.tokens) parts.push(`${metadata.tokens.input} tokens in, ${metadata.tokens.output} out${metadata.tokens.estimated ? ' (estimated)' : ''}`);
  if (metadata.quality) parts.push(`quality ${metadata.quality.score.toFixed(2)}`);
  return parts.join('; ');
}

/** A persona's or the moderator's text with its little Markdown (strong, emphasis, code), every part a text node. */
const RichText: Component<{ text: string }> = (props) => (
  <For each={parseInline(props.text)}>
    {(span) => (
      <Switch fallback={span.text}>
        <Match when={span.kind === 'strong'}>
          <strong>{span.text}</strong>
        </Match>
        <Match when={span.kind === 'em'}>
          <em>{span.text}</em>
        </Match>
        <Match when={span.kind === 'code'}>
          <code>{span.text}</code>
        </Match>
      </Switch>
    )}
  </For>
);

/** The bubble of one message. */
export const MessageBubble: Component<{ message: BubbleMessage; room: RoomInfo | null; streaming?: boolean; notice?: string }> = (props) => {
  const persona = () => props.room?.personas.find((entry) => entry.name === props.message.persona);
  const provider = () => props.message.provider ?? props.message.metadata?.provider;
  const model = () => props.message.model ?? props.message.metadata?.model;
  const meter = () => (props.message.metadata && props.message.senderType === 'ai' ? meterText(props.message.metadata) : '');
  // Live, the notice comes from the second message-start; afterwards, from the providers the message records as failed.
  const notice = () => {
    if (props.notice) return props.notice;
    const failed = props.message.metadata?.fallbacks ?? [];
    return failed.length > 0 && provider() ? `${props.message.author} switched to ${provider()} · ${model()} (${failed.map((entry) => entry.provider).join(', ')} failed)` : undefined;
  };
  const avatar = () => persona()?.avatar ?? (props.message.senderType === 'user' ? '💬' : props.message.senderType === 'system' ? '🧭' : '🤖');
  return (
    <article
      class={`bubble bubble-${props.message.senderType}`}
      aria-label={props.message.author}
      aria-busy={props.streaming ? 'true' : 'false'}
      data-message-id={props.message.id}
      style={persona() ? { '--persona-color': persona()!.color } : undefined}
    >
      <header class="bubble-header">
        <span class="bubble-avatar" aria-hidden="true">{avatar()}</span>
        <span class="bubble-author">{props.message.author}</span>
        <Show when={props.message.senderType === 'user'}>
          <span class="bubble-kind">interjection</span>
        </Show>
        <Show when={props.message.senderType === 'system'}>
          <span class="bubble-kind">moderator</span>
        </Show>
        <Show when={props.message.senderType === 'ai' && provider()}>
          <span class="bubble-badge">{provider()} · {model()}</span>
        </Show>
      </header>
      <Show when={notice()}>
        <p class="bubble-notice">{notice()}</p>
      </Show>
      <p class="bubble-text">
        {/* Viewers' words are shown exactly as typed; personas' get the little Markdown models write. */}
        <Show when={props.message.senderType !== 'user'} fallback={props.message.content}>
          <RichText text={props.message.content} />
        </Show>
        <Show when={props.streaming}>
          <span class="bubble-caret" aria-hidden="true" />
        </Show>
      </p>
      <Show when={!props.streaming && meter()}>
        <p class="bubble-meter" title={meterTitle(props.message.metadata!)}>
          {meter()}
        </p>
      </Show>
    </article>
  );
};
