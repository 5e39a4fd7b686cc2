import { createMemoryHistory, MemoryRouter, Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AudienceFrame, ClientFrame, RoomMessage, ServerFrame } from '../../../worker/src/contract/index.ts';
import { AUDIENCE_LIMITS } from '../../../worker/src/contract/index.ts';
import { setCurrentUser } from '../stores/session.ts';
import { fakeSockets, ManualTimers } from '../testing/fake-room-socket.ts';
import { aiMessage, conversationDetail, ROOM, roomState, snapshot } from '../testing/room-frames.ts';
import { LiveRoom } from './room.tsx';

// The session store asks who is signed in as it loads: nobody, until a test says otherwise.
vi.hoisted(() => {
  globalThis.fetch = async () =>
    new Response('{"user":null}', { status: 200, headers: { 'content-type': 'application/json' } });
});

const VIEWER = {
  id: '22222222-2222-4222-8222-222222222222',
  username: 'ada',
  email: 'ada@example.com',
  createdAt: '2026-11-24T00:00:00.000Z',
  isAdmin: false,
};

const conversation = conversationDetail({ status: 'running', voteNext: true, suggestionEvery: 4 });

const AUDIENCE_ROOM = { ...ROOM, voteNext: true, suggestionEvery: 4 };

afterEach(() => {
  setCurrentUser(null);
  vi.unstubAllGlobals();
});

/** The room page, its socket open and its snapshot in; `sent()` is what the page sent on it (JSON-parsed, pings aside). */
function openRoom(
  messages: RoomMessage[],
  user: typeof VIEWER | null = null,
  status: 'running' | 'paused' = 'running',
) {
  setCurrentUser(user);
  const fakes = fakeSockets();
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
              timers: new ManualTimers(),
              random: () => 0.5,
              location: { protocol: 'http:', host: 'localhost' },
            }}
          />
        )}
      />
    </MemoryRouter>
  ));
  const socket = fakes.latest();
  socket.open();
  const seq = messages.at(-1)?.seq ?? 0;
  socket.push(snapshot(seq, messages, { room: AUDIENCE_ROOM, state: roomState({ status, lastSeq: seq }) }));
  return {
    push: (...frames: ServerFrame[]) => socket.push(...frames),
    sent: () => socket.sent.map((raw) => JSON.parse(raw) as ClientFrame).filter((frame) => frame.type !== 'ping'),
  };
}

const bubbleOf = (author: string) =>
  within(screen.getByRole('log', { name: 'Conversation' })).getByRole('article', { name: author });

describe('reactions on the room page', () => {
  it('shows each message’s counts, sends a reaction, marks it as given, and takes the room’s counts as they rise', async () => {
    const room = openRoom([aiMessage(1, 'comedian', 'Why did the atom split?', { reactions: { '😂': 3 } })]);
    const laugh = await within(bubbleOf('The Comedian')).findByRole('button', { name: 'React 😂, 3 so far' });
    expect(laugh).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(laugh);
    expect(room.sent()).toEqual([{ type: 'react', messageId: 'm-1', emoji: '😂' }]);
    expect(laugh).toHaveAttribute('aria-pressed', 'true');
    // Giving it again sends nothing: a reaction is given once.
    fireEvent.click(laugh);
    expect(room.sent()).toHaveLength(1);
    room.push({ type: 'reactions', messageId: 'm-1', counts: { '😂': 4, '🔥': 1 } });
    expect(laugh).toHaveAccessibleName('React 😂, 4 so far');
    // The count that rose bursts.
    expect(laugh.querySelector('.reaction-burst')).not.toBeNull();
    expect(within(bubbleOf('The Comedian')).getByRole('button', { name: 'React 🔥, 1 so far' })).toBeInTheDocument();
  });

  it('offers every kind behind "React", anonymous viewers included, and shows a refusal on its message', async () => {
    const room = openRoom([aiMessage(1, 'scientist', 'Data.'), aiMessage(2, 'philosopher', 'Hm.')]);
    const bubble = bubbleOf('The Scientist');
    const more = await within(bubble).findByRole('button', { name: 'React' });
    expect(more).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(more);
    const kinds = within(bubble)
      .getAllByRole('button', { name: /^React .$|^React ❤️$/u })
      .map((button) => button.getAttribute('aria-label'));
    expect(kinds).toEqual(['React 👍', 'React 😂', 'React 🔥', 'React 🤯', 'React 🤔', 'React ❤️']);
    fireEvent.click(within(bubble).getByRole('button', { name: 'React 🤯' }));
    expect(room.sent()).toEqual([{ type: 'react', messageId: 'm-1', emoji: '🤯' }]);
    // Given, it shows as a count of one until the room's count arrives.
    expect(within(bubble).getByRole('button', { name: 'React 🤯, 1 so far' })).toHaveAttribute('aria-pressed', 'true');
    room.push({
      type: 'error',
      code: 'rate_limited',
      message: 'Too many reactions: try again in 2 s.',
      refused: { type: 'react', messageId: 'm-1', emoji: '🤯' },
    });
    expect(within(bubble).getByRole('alert')).toHaveTextContent('Too many reactions: try again in 2 s.');
    expect(within(bubbleOf('The Philosopher')).queryByRole('alert')).toBeNull();
    // Not the room's own alert.
    expect(document.querySelector('.room-alert')).toBeNull();
  });

  it('leaves the Moderator’s notes without reactions, and credits a nudge to whoever suggested it', async () => {
    const nudge: RoomMessage = {
      ...aiMessage(2, 'comedian', 'Let us talk about tea.'),
      id: 'n-1',
      senderType: 'system',
      persona: null,
      author: 'Moderator',
      metadata: { nudge: 'Let us talk about tea.', suggestion: { id: 's1', author: 'grace' } },
    };
    openRoom([aiMessage(1, 'comedian', 'Hi.'), nudge]);
    await within(bubbleOf('The Comedian')).findByRole('button', { name: 'React' });
    const note = bubbleOf('Moderator');
    expect(note).toHaveTextContent('suggested by grace');
    expect(within(note).queryByRole('button', { name: 'React' })).toBeNull();
  });
});

describe('the vote on who speaks next', () => {
  const open: ServerFrame = {
    type: 'vote-open',
    voteId: 'v1',
    candidates: ['comedian', 'scientist'],
    closesAt: Date.now() + 8_000,
    counts: {},
  };

  it('lists the candidates with a countdown, takes a signed-in viewer’s vote, tallies live and names the winner', async () => {
    const room = openRoom([aiMessage(1, 'philosopher', 'Hm.')], VIEWER);
    room.push(open);
    const panel = await screen.findByRole('region', { name: 'Who speaks next?' });
    expect(panel).toHaveTextContent(/[78] s left/);
    const comedian = within(panel).getByRole('button', { name: 'Vote for The Comedian, 0 votes' });
    fireEvent.click(comedian);
    expect(room.sent()).toEqual([{ type: 'vote', voteId: 'v1', persona: 'comedian' }]);
    expect(comedian).toHaveAttribute('aria-pressed', 'true');
    room.push({ type: 'vote-tally', voteId: 'v1', counts: { comedian: 2, scientist: 1 } });
    expect(comedian).toHaveAccessibleName('Vote for The Comedian, 2 votes');
    expect(comedian.querySelector<HTMLElement>('.vote-bar span')?.style.width).toBe('67%');
    room.push({
      type: 'vote-close',
      voteId: 'v1',
      counts: { comedian: 2, scientist: 1 },
      winner: 'comedian',
      decidedBy: 'votes',
    });
    expect(screen.queryByRole('region', { name: 'Who speaks next?' })).toBeNull();
    expect(screen.getByText('The audience chose The Comedian (2 of 3 votes)')).toBeInTheDocument();
  });

  it('shows an anonymous viewer the tally and "Sign in to vote", with no vote buttons', async () => {
    const room = openRoom([aiMessage(1, 'philosopher', 'Hm.')]);
    room.push({ ...open, counts: { scientist: 1 } });
    const panel = await screen.findByRole('region', { name: 'Who speaks next?' });
    expect(panel).toHaveTextContent('Sign in to vote');
    expect(within(panel).getByRole('link', { name: 'Sign in' })).toHaveAttribute(
      'href',
      `/sign-in?next=${encodeURIComponent('/rooms/c1')}`,
    );
    expect(within(panel).queryAllByRole('button')).toEqual([]);
    expect(within(panel).getByText('The Scientist, 1 vote')).toBeInTheDocument();
  });

  it('says in words why a vote was refused, in the panel', async () => {
    const room = openRoom([aiMessage(1, 'philosopher', 'Hm.')], VIEWER);
    room.push(open);
    const panel = await screen.findByRole('region', { name: 'Who speaks next?' });
    const scientist = within(panel).getByRole('button', { name: /^Vote for The Scientist/ });
    fireEvent.click(scientist);
    room.push({
      type: 'error',
      code: 'not_open',
      message: 'That vote has closed.',
      refused: room.sent().at(-1) as AudienceFrame,
    });
    expect(within(panel).getByRole('alert')).toHaveTextContent('That vote has closed.');
    expect(scientist).toHaveAttribute('aria-pressed', 'false');
  });

  it('says the room’s mode chose when nobody voted', async () => {
    const room = openRoom([aiMessage(1, 'philosopher', 'Hm.')]);
    room.push(open, { type: 'vote-close', voteId: 'v1', counts: {}, winner: null, decidedBy: 'mode' });
    expect(await screen.findByText('No votes: the room’s mode chooses who speaks next')).toBeInTheDocument();
  });
});

describe('topic suggestions', () => {
  const items = [
    { id: 's2', author: 'grace', text: 'What about cats?', votes: 3 },
    { id: 's1', author: 'ada', text: 'Tea, please', votes: 1 },
  ];

  it('lists them with upvotes (not on one’s own), and sends a suggestion within its length limit', async () => {
    const room = openRoom([], VIEWER);
    room.push({ type: 'suggestions', items });
    const toggle = await screen.findByRole('button', { name: '💡 Suggestions (2)' });
    fireEvent.click(toggle);
    const panel = await screen.findByRole('region', { name: 'Suggestions' });
    const upvote = within(panel).getByRole('button', { name: 'Upvote “What about cats?”, 3 so far' });
    // ada's own suggestion shows its count, without a button.
    expect(within(panel).queryByRole('button', { name: /Tea, please/ })).toBeNull();
    expect(panel).toHaveTextContent('1 upvote');
    fireEvent.click(upvote);
    expect(room.sent()).toEqual([{ type: 'upvote', suggestionId: 's2' }]);
    expect(upvote).toHaveAttribute('aria-pressed', 'true');

    const input = within(panel).getByLabelText('Suggest a new angle');
    expect(input).toHaveAttribute('maxlength', String(AUDIENCE_LIMITS.suggestion.max));
    fireEvent.input(input, { target: { value: 'no' } });
    expect(panel).toHaveTextContent(`2/${AUDIENCE_LIMITS.suggestion.max}`);
    fireEvent.click(within(panel).getByRole('button', { name: 'Suggest' }));
    expect(within(panel).getByRole('alert')).toHaveTextContent(
      `A suggestion is at least ${AUDIENCE_LIMITS.suggestion.min} characters.`,
    );
    fireEvent.input(input, { target: { value: '  The ethics of teleporters  ' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Suggest' }));
    expect(room.sent().at(-1)).toEqual({ type: 'suggest', text: 'The ethics of teleporters' });
    expect(input).toHaveValue('');
    room.push({
      type: 'error',
      code: 'rate_limited',
      message: 'One suggestion a minute: try again in 40 s.',
      refused: { type: 'suggest', text: 'The ethics of teleporters' },
    });
    expect(within(panel).getByRole('alert')).toHaveTextContent('One suggestion a minute: try again in 40 s.');
  });

  it('asks an anonymous viewer to sign in to suggest or upvote', async () => {
    const room = openRoom([]);
    room.push({ type: 'suggestions', items });
    fireEvent.click(await screen.findByRole('button', { name: '💡 Suggestions (2)' }));
    const panel = await screen.findByRole('region', { name: 'Suggestions' });
    expect(panel).toHaveTextContent('Sign in to suggest a topic or upvote one.');
    expect(within(panel).queryAllByRole('button')).toEqual([]);
    expect(within(panel).queryByRole('textbox')).toBeNull();
  });
});

describe('the best of the round', () => {
  const round = [
    aiMessage(1, 'philosopher', 'One.'),
    aiMessage(2, 'comedian', 'Two.'),
    aiMessage(3, 'scientist', 'Three.'),
  ];
  const pickOpen: ServerFrame = { type: 'pick-open', round: 1, messageIds: ['m-1', 'm-2', 'm-3'], counts: {} };

  it('offers a signed-in viewer "Best of round 1" on each of the round’s messages, once, then shows the picks', async () => {
    const room = openRoom([...round, aiMessage(4, 'philosopher', 'Four.')], VIEWER);
    room.push(pickOpen);
    const comedian = bubbleOf('The Comedian');
    const best = await within(comedian).findByRole('button', { name: '★ Best of round 1' });
    expect(within(bubbleOf('The Scientist')).getByRole('button', { name: '★ Best of round 1' })).toBeInTheDocument();
    expect(screen.getByText('Round 1 is over: pick its best message (★ on its bubbles).')).toBeInTheDocument();
    fireEvent.click(best);
    expect(room.sent()).toEqual([{ type: 'pick', round: 1, messageId: 'm-2' }]);
    // Picked: no more buttons, the counts instead.
    expect(screen.queryAllByRole('button', { name: /Best of round/ })).toEqual([]);
    room.push({ type: 'pick-tally', round: 1, counts: { 'm-2': 2, 'm-3': 1 } });
    expect(comedian).toHaveTextContent('★ 2 picks · your pick');
    expect(bubbleOf('The Scientist')).toHaveTextContent('★ 1 pick');
    expect(screen.getByText('You picked the best of round 1.')).toBeInTheDocument();
  });

  it('asks an anonymous viewer to sign in to pick, with no pick buttons', async () => {
    const room = openRoom(round);
    room.push(pickOpen);
    await waitFor(() => expect(document.querySelector('.pick-notice')).not.toBeNull());
    expect(document.querySelector('.pick-notice')).toHaveTextContent(
      'Round 1 is over: sign in to pick its best message.',
    );
    await within(bubbleOf('The Comedian')).findByRole('button', { name: 'React' });
    expect(screen.queryAllByRole('button', { name: /Best of round/ })).toEqual([]);
  });
});

describe('the owner’s audience settings', () => {
  const OWNER = { ...VIEWER, id: conversation.owner!.id, username: 'owner' };

  function servePatch(status: number, body: unknown) {
    const patches: unknown[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost');
      if (init?.method === 'PATCH' && url.pathname === '/api/conversations/c1/audience') {
        patches.push(JSON.parse(String(init.body)));
        return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
      }
      return new Response('{"user":null}', { status: 200, headers: { 'content-type': 'application/json' } });
    });
    return patches;
  }

  it('change the vote and how often a suggestion is taken while the room is paused', async () => {
    const patches = servePatch(200, { ...conversation, voteNext: false, suggestionEvery: 6 });
    openRoom([], OWNER, 'paused');
    const form = await screen.findByRole('form', { name: 'Audience settings' });
    const vote = within(form).getByRole('checkbox', { name: 'The audience picks who speaks next' });
    expect(vote).toBeChecked();
    const every = within(form).getByLabelText('Take an audience suggestion every N turns (0: never)');
    expect(every).toHaveValue(4);
    fireEvent.click(vote);
    fireEvent.input(every, { target: { value: '6' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByRole('status')).toHaveTextContent('Saved');
    expect(patches).toEqual([{ voteNext: false, suggestionEvery: 6 }]);
  });

  it('say in words that a running room keeps its settings, and are not offered while it runs', async () => {
    servePatch(409, { error: { code: 'invalid_transition', message: 'The room is running.' } });
    openRoom([], OWNER, 'paused');
    const form = await screen.findByRole('form', { name: 'Audience settings' });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'The room is running: pause or stop it to change the audience settings.',
    );
    cleanup();
    openRoom([], OWNER, 'running');
    await screen.findByRole('button', { name: 'Pause' });
    expect(screen.queryByRole('form', { name: 'Audience settings' })).toBeNull();
  });
});
