import { MemoryRouter, Route, createMemoryHistory } from '@solidjs/router';
import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setCurrentUser } from '../stores/session.ts';
import { fakeSockets, ManualTimers } from '../testing/fake-room-socket.ts';
import { aiMessage, conversationDetail, ROOM, roomState, snapshot, streamedTurn } from '../testing/room-frames.ts';
import RoomPage, { LiveRoom } from './room.tsx';

// The session store asks who is signed in as it loads: nobody, until a test says otherwise.
vi.hoisted(() => {
  globalThis.fetch = async () =>
    new Response('{"user":null}', { status: 200, headers: { 'content-type': 'application/json' } });
});

const OWNER = {
  id: '11111111-1111-4111-8111-111111111111',
  username: 'owner',
  email: 'owner@example.com',
  createdAt: '2026-11-24T00:00:00.000Z',
  isAdmin: false,
};

const conversation = conversationDetail({ owner: { id: OWNER.id, username: OWNER.username } });

type Handler = (request: { method: string; url: URL; body: string | null }) => Response | undefined;
let handlers: Handler[] = [];
const requests: { method: string; path: string; body: string | null }[] = [];

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

beforeEach(() => {
  handlers = [];
  requests.length = 0;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost');
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? init.body : null;
    requests.push({ method, path: url.pathname + url.search, body });
    for (const handler of handlers) {
      const response = handler({ method, url, body });
      if (response) return response;
    }
    return json(404, { error: { code: 'not_found', message: 'Not found' } });
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  setCurrentUser(null);
});

/** The live region that says who is typing. */
const typingLine = () => screen.getAllByRole('status').find((element) => element.classList.contains('room-typing'));

function renderRoom(user: typeof OWNER | null = null) {
  setCurrentUser(user);
  const fakes = fakeSockets();
  const timers = new ManualTimers();
  const history = createMemoryHistory();
  history.set({ value: '/rooms/c1' });
  render(() => (
    <MemoryRouter history={history}>
      <Route
        path="/rooms/:id"
        component={() => (
          <LiveRoom
            conversation={conversation}
            socketOptions={{
              createSocket: fakes.createSocket,
              timers,
              random: () => 0.5,
              location: { protocol: 'http:', host: 'localhost' },
            }}
          />
        )}
      />
    </MemoryRouter>
  ));
  return { fakes, timers };
}

describe('the room page', () => {
  it('says so when the room does not exist or is private', async () => {
    const history = createMemoryHistory();
    history.set({ value: '/rooms/2b7c4a8e-5d0f-4e7e-9a43-3f3a7d1f2c11' });
    render(() => (
      <MemoryRouter history={history}>
        <Route path="/rooms/:id" component={RoomPage} />
      </MemoryRouter>
    ));
    expect(await screen.findByRole('alert')).toHaveTextContent('This room does not exist or is private');
  });

  it('streams a turn live: typing, the busy message growing, then the finished message and its meter', async () => {
    const { fakes } = renderRoom();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(ROOM.title);
    expect(screen.getByLabelText('Connection')).toHaveTextContent('Connecting…');
    const socket = fakes.latest();
    socket.open();
    socket.push(snapshot(0, []), { type: 'presence', viewers: 3 });
    expect(screen.getByLabelText('Connection')).toHaveTextContent('Live');
    expect(screen.getByText('3 watching')).toBeInTheDocument();
    expect(screen.getByText('Cost $0.0000')).toBeInTheDocument();

    const turn = streamedTurn(1, 'comedian', ['Why did ', 'the atom ', 'split?']);
    socket.push(turn.frames[0]!);
    expect(typingLine()).toHaveTextContent('The Comedian is typing...');
    expect(screen.getByRole('button', { name: 'The Comedian, typing' })).toHaveAttribute('data-activity', 'typing');
    socket.push(...turn.frames.slice(1, 4));
    const log = screen.getByRole('log', { name: 'Conversation' });
    const busy = within(log).getByRole('article', { name: 'The Comedian' });
    expect(busy).toHaveAttribute('aria-busy', 'true');
    expect(busy).toHaveTextContent('Why did the atom');
    expect(screen.getByRole('button', { name: 'The Comedian, speaking' })).toHaveAttribute('data-activity', 'speaking');
    socket.push(...turn.frames.slice(4));
    const done = within(log).getByRole('article', { name: 'The Comedian' });
    expect(done).toHaveAttribute('aria-busy', 'false');
    expect(done).toHaveTextContent('Why did the atom split?');
    expect(done).toHaveTextContent('1.2 s · 85 tokens · $0.0001');
    expect(typingLine()).toHaveTextContent(/^$/);
    expect(screen.getByText('Cost $0.0001')).toBeInTheDocument();
  });

  it('shows the cast as avatars that open a profile: voice, traits, the prompt’s first lines, messages and cost so far', async () => {
    handlers.push(({ url }) =>
      url.pathname === '/api/personas'
        ? json(200, {
            personas: [
              {
                ...conversation.personas[1],
                id: 'comedian',
                seed: true,
                systemPrompt: 'You are a witty comedian.\nKeep it light.',
                defaultProvider: 'demo',
                defaultModel: 'chimera-demo',
                traits: ['witty', 'playful'],
              },
            ],
          })
        : undefined,
    );
    const { fakes } = renderRoom();
    fakes.latest().open();
    fakes
      .latest()
      .push(
        snapshot(5, [
          aiMessage(1, 'comedian', 'One', { metadata: { costUsd: 0.002 } }),
          aiMessage(2, 'scientist', 'Two'),
          aiMessage(3, 'comedian', 'Three', { metadata: { costUsd: 0.001 } }),
        ]),
      );
    const cast = screen.getByRole('list', { name: 'Cast' });
    expect(
      within(cast)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['🦉The Philosopher', '🎭The Comedian', '🔬The Scientist']);
    fireEvent.click(within(cast).getByRole('button', { name: 'The Comedian' }));
    const profile = await screen.findByRole('dialog', { name: 'The Comedian' });
    expect(profile).toHaveTextContent('demo · chimera-demo');
    expect(profile).toHaveTextContent('2 messages, $0.0030');
    expect(await within(profile).findByText('“You are a witty comedian. Keep it light.”')).toBeInTheDocument();
  });

  it('after a dropped connection, resumes from the last seq and shows no text twice', () => {
    const { fakes, timers } = renderRoom();
    fakes.latest().open();
    const turn = streamedTurn(1, 'philosopher', ['To be ', 'or not ', 'to be']);
    fakes.latest().push(snapshot(0, []), ...turn.frames.slice(0, 4));
    fakes.latest().drop();
    expect(screen.getByLabelText('Connection')).toHaveTextContent('Reconnecting…');
    timers.advance(1000);
    expect(fakes.latest().url).toBe('ws://localhost/ws/conversation/c1?lastSeq=4');
    fakes.latest().open();
    fakes.latest().push(...turn.frames.slice(1));
    const articles = screen.getAllByRole('article', { name: 'The Philosopher' });
    expect(articles).toHaveLength(1);
    expect(articles[0]).toHaveTextContent('To be or not to be');
    expect(articles[0]?.querySelector('.bubble-text')?.textContent).toBe('To be or not to be');
  });

  it('shows the fallback notice when a provider fails mid-turn and another takes over', () => {
    const { fakes } = renderRoom();
    fakes.latest().open();
    fakes.latest().push(
      snapshot(0, []),
      {
        type: 'message-start',
        seq: 1,
        messageId: 'm',
        persona: 'comedian',
        provider: 'openai',
        model: 'gpt-4.1-mini',
        attempt: 1,
      },
      { type: 'message-delta', seq: 2, messageId: 'm', text: 'Half a jo', emittedAt: 0 },
      {
        type: 'message-start',
        seq: 3,
        messageId: 'm',
        persona: 'comedian',
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        attempt: 2,
      },
    );
    const article = screen.getByRole('article', { name: 'The Comedian' });
    expect(article).toHaveTextContent('The Comedian switched to anthropic · claude-sonnet-4-5');
    expect(article).not.toHaveTextContent('Half a jo');
  });

  it('gives the owner the controls the room allows, and posts them', async () => {
    handlers.push(({ method, url }) =>
      method === 'POST' && url.pathname === '/api/conversations/c1/start'
        ? json(200, roomState({ status: 'running' }))
        : undefined,
    );
    renderRoom(OWNER);
    fireEvent.click(await screen.findByRole('button', { name: 'Start' }));
    expect(await screen.findByRole('button', { name: 'Pause' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Stop' })).toBeInTheDocument();
    expect(requests.map((request) => `${request.method} ${request.path}`)).toContain(
      'POST /api/conversations/c1/start',
    );
  });

  it('shows no controls to a viewer who does not own the room, and no interjection box when signed out', () => {
    renderRoom(null);
    expect(screen.queryByRole('button', { name: 'Start' })).toBeNull();
    expect(screen.queryByLabelText('Interject')).toBeNull();
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('posts an interjection and shows a refusal such as a rate limit as an alert', async () => {
    handlers.push(({ method, url }) =>
      method === 'POST' && url.pathname === '/api/conversations/c1/interject'
        ? json(429, { error: { code: 'rate_limited', message: 'Too many requests.' } }, { 'retry-after': '12' })
        : undefined,
    );
    renderRoom({ ...OWNER, id: '22222222-2222-4222-8222-222222222222', username: 'bob' });
    fireEvent.input(await screen.findByLabelText('Interject'), { target: { value: 'What about cats?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('That is a lot at once. Try again in 12 s.');
    expect(requests.find((request) => request.path === '/api/conversations/c1/interject')?.body).toBe(
      '{"text":"What about cats?"}',
    );
  });

  it('exports the whole transcript, loading the messages the snapshot left out', async () => {
    const earlier = {
      id: 'old-1',
      order: 1,
      senderType: 'ai',
      senderId: 'demo/chimera-demo',
      persona: 'scientist',
      content: 'An early observation.',
      metadata: { seq: 1, author: 'The Scientist', provider: 'demo', model: 'chimera-demo' },
      createdAt: '2026-11-24T09:00:00.000Z',
    };
    handlers.push(({ url }) =>
      url.pathname === '/api/conversations/c1/messages'
        ? json(200, { messages: [earlier], nextCursor: null })
        : undefined,
    );
    const blobs: Blob[] = [];
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: (blob: Blob) => (blobs.push(blob), 'blob:x'), revokeObjectURL: () => {} }),
    );
    const { fakes } = renderRoom();
    fakes.latest().open();
    fakes.latest().push(snapshot(10, [aiMessage(9, 'comedian', 'A late joke.')], { hasEarlier: true }));

    fireEvent.click(screen.getByRole('button', { name: 'Export Markdown' }));
    await waitFor(() => expect(blobs).toHaveLength(1));
    const markdown = await blobs[0]!.text();
    expect(markdown).toContain(`# ${ROOM.title}`);
    expect(markdown.indexOf('An early observation.')).toBeLessThan(markdown.indexOf('A late joke.'));
    expect(markdown).toContain('## The Comedian (demo · chimera-demo');

    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    await waitFor(() => expect(blobs).toHaveLength(2));
    const exported = JSON.parse(await blobs[1]!.text());
    expect(exported.messages.map((message: { content: string }) => message.content)).toEqual([
      'An early observation.',
      'A late joke.',
    ]);
    expect(exported.conversation.title).toBe(ROOM.title);
  });

  it('shows what the room reports going wrong until the viewer dismisses it', () => {
    const { fakes } = renderRoom();
    fakes.latest().open();
    fakes.latest().push(snapshot(0, []), {
      type: 'error',
      code: 'provider_failed',
      message: 'Every provider failed for The Comedian.',
    });
    expect(screen.getByRole('alert')).toHaveTextContent('Every provider failed for The Comedian.');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
    fakes.latest().push({ type: 'error', code: 'bad_frame', message: 'Slow down.' });
    expect(screen.getByRole('alert')).toHaveTextContent('Slow down.');
  });

  it('says when the earlier messages cannot be loaded', async () => {
    handlers.push(({ url }) =>
      url.pathname === '/api/conversations/c1/messages'
        ? json(503, { error: { code: 'room_unavailable', message: 'The database is not answering.' } })
        : undefined,
    );
    const { fakes } = renderRoom();
    fakes.latest().open();
    fakes.latest().push(snapshot(10, [aiMessage(9, 'comedian', 'A late joke.')], { hasEarlier: true }));
    fireEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not load earlier messages: The database is not answering.',
    );
  });

  it('shows the link to copy when the clipboard is refused', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: () => Promise.reject(new Error('denied')) } });
    renderRoom();
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(await screen.findByLabelText('Copy this link:')).toHaveValue(globalThis.location.href);
  });
});
