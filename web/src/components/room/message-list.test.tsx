import { fireEvent, render, screen, within } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMarkdown } from '../../lib/markdown-loader.ts';
import type { RoomMessage } from '../../../../worker/src/contract/index.ts';
import type { StreamingView } from '../../stores/room.ts';
import { aiMessage, ROOM } from '../../testing/room-frames.ts';
import { MessageList } from './message-list.tsx';

/** Gives the log a laid-out size, which jsdom does not compute, and scrolls it. */
function layOut(log: HTMLElement, size: { scrollTop: number; clientHeight: number; scrollHeight: number }) {
  Object.defineProperty(log, 'clientHeight', { configurable: true, get: () => size.clientHeight });
  Object.defineProperty(log, 'scrollHeight', { configurable: true, get: () => size.scrollHeight });
  Object.defineProperty(log, 'scrollTop', {
    configurable: true,
    get: () => size.scrollTop,
    set: (value: number) => (size.scrollTop = value),
  });
  fireEvent.scroll(log);
}

const many = (count: number): RoomMessage[] =>
  Array.from({ length: count }, (_, index) =>
    aiMessage(index + 1, ['philosopher', 'comedian', 'scientist'][index % 3]!, `Message number ${index + 1}`),
  );

beforeAll(() => loadMarkdown());

describe('MessageList', () => {
  it('shows each message as an article named by its author, with its badge, meter and text as text', () => {
    const messages = [
      aiMessage(1, 'comedian', 'Line one\n<b>not bold</b> but **this** is'),
      {
        ...aiMessage(2, 'comedian', 'What about **cats**?'),
        senderType: 'user' as const,
        persona: null,
        author: 'alice',
        metadata: {},
      },
    ];
    render(() => <MessageList messages={messages} streaming={null} room={ROOM} fallbackNotices={{}} />);
    const log = screen.getByRole('log', { name: 'Conversation' });
    const comedian = within(log).getByRole('article', { name: 'The Comedian' });
    expect(comedian).toHaveAttribute('data-message-id', 'm-1');
    expect(comedian).toHaveTextContent('demo · chimera-demo');
    expect(comedian).toHaveTextContent('1.2 s · 85 tokens · $0.0001');
    expect(comedian.querySelector('b')).toBeNull();
    expect(comedian.querySelector('.bubble-text')?.textContent).toBe('Line one<b>not bold</b> but this is');
    expect(comedian.querySelector('.bubble-text br')).not.toBeNull();
    expect(comedian.querySelector('strong')?.textContent).toBe('this');
    expect(comedian.querySelector('time')).toHaveAttribute('datetime', '2026-11-24T10:00:00.000Z');
    const interjection = within(log).getByRole('article', { name: 'alice' });
    expect(interjection).toHaveClass('bubble-user');
    expect(interjection).toHaveTextContent('viewer');
    expect(interjection.querySelector('.bubble-meter')).toBeNull();
    expect(interjection.querySelector('.bubble-text')?.textContent).toBe('What about **cats**?');
  });

  it('puts only the rows in view (and a margin) in the DOM, and moves the window as the reader scrolls', () => {
    const messages = many(2000);
    render(() => (
      <MessageList
        messages={messages}
        streaming={null}
        room={ROOM}
        fallbackNotices={{}}
        estimatedRowHeight={100}
        overscan={3}
      />
    ));
    const log = screen.getByRole('log');
    layOut(log, { scrollTop: 0, clientHeight: 500, scrollHeight: 200_000 });
    let shown = within(log).getAllByRole('article');
    expect(shown.length).toBe(8);
    expect(shown[0]).toHaveAttribute('data-message-id', 'm-1');

    layOut(log, { scrollTop: 100_000, clientHeight: 500, scrollHeight: 200_000 });
    shown = within(log).getAllByRole('article');
    expect(shown.length).toBe(11);
    expect(shown.map((article) => article.getAttribute('data-message-id'))).toContain('m-1001');
    expect(log.querySelector('[data-message-id="m-1"]')).toBeNull();
  });

  it('shows the message being streamed as busy, after the finished ones, with its fallback notice', () => {
    const [streaming, setStreaming] = createSignal<StreamingView | null>({
      messageId: 'm-9',
      persona: 'comedian',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      attempt: 2,
      text: 'Knock',
    });
    render(() => (
      <MessageList
        messages={many(2)}
        streaming={streaming()}
        room={ROOM}
        fallbackNotices={{ 'm-9': 'The Comedian switched to anthropic · claude-sonnet-4-5' }}
      />
    ));
    const articles = screen.getAllByRole('article');
    const live = articles.at(-1)!;
    expect(live).toHaveAttribute('aria-busy', 'true');
    expect(live).toHaveAccessibleName('The Comedian');
    expect(live).toHaveTextContent('switched to anthropic');
    expect(articles[0]).toHaveAttribute('aria-busy', 'false');
    setStreaming({ ...streaming()!, text: 'Knock knock' });
    expect(screen.getAllByRole('article').at(-1)).toBe(live);
    expect(live).toHaveTextContent('Knock knock');
  });

  it('offers "Jump to live" once the reader scrolls up, and follows the live end again when asked', () => {
    render(() => <MessageList messages={many(50)} streaming={null} room={ROOM} fallbackNotices={{}} />);
    const log = screen.getByRole('log');
    const size = { scrollTop: 5400, clientHeight: 600, scrollHeight: 6000 };
    layOut(log, size);
    expect(screen.queryByRole('button', { name: 'Jump to live' })).toBeNull();
    size.scrollTop = 1000;
    fireEvent.scroll(log);
    fireEvent.click(screen.getByRole('button', { name: 'Jump to live' }));
    expect(size.scrollTop).toBe(6000);
    expect(screen.queryByRole('button', { name: 'Jump to live' })).toBeNull();
  });

  it('stays at the live end when rows drawn after its jump there grow, though the scroll event comes before their resize', () => {
    const [messages, setMessages] = createSignal(many(20));
    render(() => <MessageList messages={messages()} streaming={null} room={ROOM} fallbackNotices={{}} />);
    const log = screen.getByRole('log');
    const size = { scrollTop: 5400, clientHeight: 600, scrollHeight: 6000 };
    layOut(log, size);
    // Rows measured taller than their estimate: the content grows below the reader, who did not move.
    size.scrollHeight = 6800;
    fireEvent.scroll(log);
    expect(screen.queryByRole('button', { name: 'Jump to live' })).toBeNull();
    setMessages(many(21));
    expect(size.scrollTop).toBe(6800);
  });

  it('keeps the reader in place when earlier messages are loaded above', () => {
    const all = many(60);
    const [messages, setMessages] = createSignal(all.slice(10));
    render(() => (
      <MessageList messages={messages()} streaming={null} room={ROOM} fallbackNotices={{}} estimatedRowHeight={100} />
    ));
    const log = screen.getByRole('log');
    const size = { scrollTop: 4500, clientHeight: 500, scrollHeight: 5000 };
    layOut(log, size);
    size.scrollTop = 2000;
    fireEvent.scroll(log);
    setMessages(all);
    expect(size.scrollTop).toBe(3000);
  });

  it('says which provider took over on a finished message that needed a fallback', () => {
    const message = aiMessage(1, 'comedian', 'Punchline', {
      metadata: {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        fallbacks: [{ provider: 'openai', model: 'gpt-4.1-mini', kind: 'rate_limited' }],
      },
    });
    render(() => <MessageList messages={[message]} streaming={null} room={ROOM} fallbackNotices={{}} />);
    expect(screen.getByRole('article', { name: 'The Comedian' })).toHaveTextContent(
      'The Comedian switched to anthropic · claude-sonnet-4-5 (openai failed)',
    );
  });

  it('offers the earlier messages when the room has more than it sent', () => {
    let asked = 0;
    render(() => (
      <MessageList
        messages={many(3)}
        streaming={null}
        room={ROOM}
        fallbackNotices={{}}
        hasEarlier
        onLoadEarlier={() => (asked += 1)}
      />
    ));
    fireEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(asked).toBe(1);
  });
});
