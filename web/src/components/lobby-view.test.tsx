import { MemoryRouter, Route } from '@solidjs/router';
import { fireEvent, render, screen, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { LobbyPage, LobbyRoom } from '../lib/lobby.ts';
import { LobbyView } from './lobby-view.tsx';

const personas: LobbyRoom['personas'] = [
  {
    name: 'philosopher',
    displayName: 'The Philosopher',
    temperature: 0.7,
    style: 'contemplative',
    avgLength: 150,
    traits: [],
    avatar: '🦉',
    color: '#7c5cbf',
    provider: 'demo',
    model: 'chimera-demo',
  },
  {
    name: 'comedian',
    displayName: 'The Comedian',
    temperature: 0.9,
    style: 'humorous',
    avgLength: 80,
    traits: [],
    avatar: '🎭',
    color: '#e0a030',
    provider: 'demo',
    model: 'chimera-demo',
  },
];

function room(overrides: Partial<LobbyRoom>): LobbyRoom {
  return {
    id: crypto.randomUUID(),
    title: 'A room',
    topic: 'anything',
    mode: 'sequential',
    visibility: 'public',
    status: 'idle',
    maxTurns: 20,
    budgetUsd: 1,
    replyCache: false,
    voteNext: false,
    suggestionEvery: 0,
    demo: false,
    owner: null,
    personas,
    createdAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:00:00.000Z',
    live: null,
    ...overrides,
  };
}

const demo = room({
  id: 'de7a0000-0000-4000-8000-000000000001',
  title: 'Welcome to Chimera',
  status: 'running',
  demo: true,
  live: { speaking: { name: 'comedian', displayName: 'The Comedian' }, viewers: 3, turns: 4, idlePaused: false },
});
const ended = room({ title: 'Tea or coffee', status: 'stopped' });
const waiting = room({
  title: 'Cats and free will',
  status: 'paused',
  live: { speaking: null, viewers: 0, turns: 2, idlePaused: true },
});

/** Renders the lobby at / in a router, as the app does (its links need one). */
function renderLobby(lobby: () => ReturnType<typeof LobbyView>) {
  return render(() => (
    <MemoryRouter>
      <Route path="/" component={lobby} />
    </MemoryRouter>
  ));
}

const page = (conversations: LobbyRoom[]): LobbyPage => ({ conversations, nextCursor: null });

describe('LobbyView', () => {
  it('shows live rooms under "Live now" with who is speaking and how many watch, and the rest under "Recent", each linking to its room', async () => {
    renderLobby(() => <LobbyView load={async () => page([ended, waiting, demo])} />);
    const live = (await screen.findByRole('heading', { name: 'Live now' })).parentElement!;
    const recent = screen.getByRole('heading', { name: 'Recent' }).parentElement!;

    const demoCard = within(live).getByRole('article', { name: 'Room: Welcome to Chimera' });
    expect(within(demoCard).getByRole('link', { name: /^Welcome to Chimera/ })).toHaveAttribute(
      'href',
      `/rooms/${demo.id}`,
    );
    expect(within(demoCard).getByText('demo')).toBeInTheDocument();
    expect(within(demoCard).getByText('The Comedian is speaking')).toBeInTheDocument();
    expect(within(demoCard).getByText('3 watching')).toBeInTheDocument();
    expect(within(demoCard).getByText('🦉')).toHaveStyle({ 'border-color': '#7c5cbf' });

    const waitingCard = within(live).getByRole('article', { name: 'Room: Cats and free will' });
    // Nobody watching is not a figure to show.
    expect(within(waitingCard).queryByText(/watching/)).toBeNull();
    expect(within(waitingCard).getByText('Resumes when you open it')).toBeInTheDocument();
    expect(within(waitingCard).queryByText('demo')).toBeNull();
    // The busiest live room comes first.
    expect(
      within(live)
        .getAllByRole('article')
        .map((card) => card.getAttribute('aria-label')),
    ).toEqual(['Room: Welcome to Chimera', 'Room: Cats and free will']);

    const endedCard = within(recent).getByRole('article', { name: 'Room: Tea or coffee' });
    expect(within(endedCard).getByRole('link', { name: /^Tea or coffee/ })).toHaveAttribute(
      'href',
      `/rooms/${ended.id}`,
    );
    expect(within(endedCard).getByText('Ended')).toBeInTheDocument();
    expect(within(recent).queryByText(/watching/)).toBeNull();
  });

  it('shows the current line of running rooms and the demo room, never opening one that waits for a viewer', async () => {
    const previewed: string[] = [];
    const Preview = (props: { conversationId: string }) => {
      previewed.push(props.conversationId);
      return <p>Line of {props.conversationId}</p>;
    };
    const running = room({
      title: 'Busy',
      status: 'running',
      live: { speaking: null, viewers: 0, turns: 1, idlePaused: false },
    });
    renderLobby(() => <LobbyView load={async () => page([ended, waiting, demo, running])} preview={Preview} />);
    expect(await screen.findByText(`Line of ${demo.id}`)).toBeInTheDocument();
    expect(screen.getByText(`Line of ${running.id}`)).toBeInTheDocument();
    expect(
      within(screen.getByRole('article', { name: 'Room: Busy' })).getByText('Up next in a moment…'),
    ).toBeInTheDocument();
    expect(previewed.sort()).toEqual([demo.id, running.id].sort());
  });

  it('says so when nothing is live and there are no rooms', async () => {
    renderLobby(() => <LobbyView load={async () => page([])} />);
    expect(await screen.findByText(/No room is live right now/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Start one' })).toHaveAttribute('href', '/rooms/new');
    expect(screen.getByText('No other rooms yet.')).toBeInTheDocument();
  });

  it('shows an error it can retry, then the rooms', async () => {
    let calls = 0;
    const load = async () => {
      calls += 1;
      if (calls === 1) throw new Error('The server answered HTTP 503');
      return page([demo]);
    };
    renderLobby(() => <LobbyView load={load} />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not load the lobby: The server answered HTTP 503',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('The Comedian is speaking')).toBeInTheDocument();
  });

  it('refreshes on its own: a new speaker shows without a reload, and a failed refresh keeps the last rooms', async () => {
    const answers: (LobbyPage | Error)[] = [
      page([demo]),
      page([
        {
          ...demo,
          live: {
            speaking: { name: 'philosopher', displayName: 'The Philosopher' },
            viewers: 5,
            turns: 5,
            idlePaused: false,
          },
        },
      ]),
      new Error('Failed to fetch'),
    ];
    let calls = 0;
    const load = async () => {
      const answer = answers[Math.min(calls, answers.length - 1)]!;
      calls += 1;
      if (answer instanceof Error) throw answer;
      return answer;
    };
    renderLobby(() => <LobbyView load={load} refreshMs={20} />);
    expect(await screen.findByText('The Comedian is speaking')).toBeInTheDocument();
    expect(await screen.findByText('The Philosopher is speaking')).toBeInTheDocument();
    expect(await screen.findByText('5 watching')).toBeInTheDocument();
    expect(await screen.findByRole('status')).toHaveTextContent('Could not refresh the lobby (Failed to fetch)');
    expect(screen.getByText('The Philosopher is speaking')).toBeInTheDocument();
  });
});
