import { answer, apiError, json, requestsTo } from '../testing/fake-api.ts';
import { fireEvent, screen, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { AUDIENCE_LIMITS } from '../../../worker/src/contract/limits.ts';
import { setCurrentUser } from '../stores/session.ts';
import { ADA, PIRATE, PROVIDERS, SEEDS } from '../testing/fixtures.ts';
import { renderPage } from '../testing/render-page.tsx';
import CreateRoom from './create-room.tsx';

const ROOM_ID = '9f1f4d2e-1111-4222-8333-444455556666';

function serveCatalog() {
  answer('GET', '/api/personas', () => json(200, { personas: [...SEEDS, PIRATE] }));
  answer('GET', '/api/providers', () => json(200, { providers: PROVIDERS, fallbackOrder: ['openai', 'demo'] }));
}

async function openSignedIn() {
  setCurrentUser(ADA);
  serveCatalog();
  const page = renderPage(CreateRoom, '/rooms/new');
  await screen.findByRole('checkbox', { name: /The Philosopher/ });
  return page;
}

function choose(label: RegExp) {
  fireEvent.click(screen.getByRole('checkbox', { name: label }));
}

function select(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

function type(label: string, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

describe('New room', () => {
  it('asks a signed-out visitor to sign in, coming back here after', async () => {
    setCurrentUser(null);
    renderPage(CreateRoom, '/rooms/new');
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in?next=%2Frooms%2Fnew');
    expect(screen.queryByRole('button', { name: 'Create room' })).not.toBeInTheDocument();
  });

  it('offers only configured providers, the demo one as "demo", and their models', async () => {
    await openSignedIn();
    choose(/The Philosopher/);
    const provider = screen.getByLabelText('Provider for The Philosopher');
    expect(
      within(provider)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['OpenAI', 'demo']);
    // Its own provider (Anthropic) is not configured: it falls to the demo provider.
    expect(provider).toHaveValue('demo');
    expect(screen.getByLabelText('Model for The Philosopher')).toHaveValue('chimera-demo');
    select('Provider for The Philosopher', 'openai');
    const models = within(screen.getByLabelText('Model for The Philosopher'))
      .getAllByRole('option')
      .map((option) => option.textContent);
    expect(models).toEqual(['gpt-4.1-mini', 'gpt-4.1']);
  });

  it('sends the chosen personas with their providers and models and the settings, then opens the room', async () => {
    answer('POST', '/api/conversations', () => json(201, { id: ROOM_ID }));
    const page = await openSignedIn();
    type('Title', 'Is free will an illusion?');
    type('Topic', 'Whether anyone ever chooses anything');
    choose(/The Philosopher/);
    choose(/The Comedian/);
    choose(/The Pirate/);
    select('Model for The Comedian', 'gpt-4.1');
    select('Provider for The Pirate', 'openai');
    select('Mode', 'context-aware');
    type('Max turns', '12');
    type('Budget (USD)', '0.5');
    select('Visibility', 'unlisted');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Reuse cached replies' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'The audience picks who speaks next' }));
    type('Take an audience suggestion every N turns', '2');
    expect(screen.getByText(/3 chosen/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Create room' }));
    expect(await screen.findByText(`Page at /rooms/${ROOM_ID}`)).toBeInTheDocument();
    expect(page.location()).toBe(`/rooms/${ROOM_ID}`);
    expect(requestsTo('POST', '/api/conversations')[0]?.body).toEqual({
      title: 'Is free will an illusion?',
      topic: 'Whether anyone ever chooses anything',
      personas: [
        { persona: 'philosopher', provider: 'demo', model: 'chimera-demo' },
        { persona: 'comedian', provider: 'openai', model: 'gpt-4.1' },
        { persona: PIRATE.id, provider: 'openai', model: 'gpt-4.1-mini' },
      ],
      mode: 'context-aware',
      maxTurns: 12,
      budgetUsd: 0.5,
      visibility: 'unlisted',
      replyCache: true,
      voteNext: true,
      suggestionEvery: 2,
    });
  });

  it('starts the audience settings at no vote and a suggestion every 4 turns, with their limits, and shows the server’s word on them', async () => {
    answer('POST', '/api/conversations', () =>
      apiError(400, 'validation_failed', 'Invalid json', {
        issues: [{ path: 'json.suggestionEvery', message: 'Too big: expected number to be <=50' }],
      }),
    );
    await openSignedIn();
    expect(screen.getByRole('checkbox', { name: 'The audience picks who speaks next' })).not.toBeChecked();
    const every = screen.getByLabelText('Take an audience suggestion every N turns');
    expect(every).toHaveValue(AUDIENCE_LIMITS.suggestionEvery.default);
    expect(every).toHaveAttribute('min', '0');
    expect(every).toHaveAttribute('max', String(AUDIENCE_LIMITS.suggestionEvery.max));
    type('Title', 'Steered');
    type('Topic', 'Anything');
    choose(/The Philosopher/);
    choose(/The Comedian/);
    // The browser stops 51 (max); the server's word shows beside the field when something else reaches it.
    fireEvent.click(screen.getByRole('button', { name: 'Create room' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please correct the marked fields');
    expect(every).toHaveAccessibleDescription(/^0 \(never\) to 50 .*50 or less/);
  });

  it('leaves out a persona unchosen again', async () => {
    answer('POST', '/api/conversations', () => json(201, { id: ROOM_ID }));
    await openSignedIn();
    type('Title', 'Two voices');
    type('Topic', 'Tea or coffee');
    choose(/The Philosopher/);
    choose(/The Comedian/);
    choose(/The Scientist/);
    choose(/The Comedian/);
    expect(screen.queryByLabelText('Provider for The Comedian')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Create room' }));
    await screen.findByText(`Page at /rooms/${ROOM_ID}`);
    const body = requestsTo('POST', '/api/conversations')[0]?.body as { personas: { persona: string }[] };
    expect(body.personas.map((entry) => entry.persona)).toEqual(['philosopher', 'scientist']);
  });

  it('shows the server’s issues beside the title, the personas and a persona’s model, keeping the choices', async () => {
    answer('POST', '/api/conversations', () =>
      apiError(400, 'validation_failed', 'Invalid json: json.title Too small: expected string to have >=1 characters', {
        issues: [
          { path: 'json.title', message: 'Too small: expected string to have >=1 characters' },
          { path: 'json.personas.1.model', message: 'must be a model id' },
          { path: 'json.maxTurns', message: 'Too big: expected number to be <=200' },
        ],
      }),
    );
    await openSignedIn();
    // Blank to the server (it trims), though the browser's `required` lets it through.
    type('Title', '   ');
    type('Topic', 'Anything');
    choose(/The Philosopher/);
    choose(/The Scientist/);
    fireEvent.click(screen.getByRole('button', { name: 'Create room' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please correct the marked fields');
    expect(screen.getByLabelText('Title')).toHaveAccessibleDescription('Fill in the title.');
    expect(screen.getByLabelText('Model for The Scientist')).toHaveAccessibleDescription(
      'The model must be a model id.',
    );
    expect(screen.getByLabelText('Model for The Philosopher')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByLabelText('Max turns')).toHaveAccessibleDescription(
      /^1 to 200 Use 200 or less for max turns\.$/,
    );
    expect(screen.getByRole('checkbox', { name: /The Scientist/ })).toBeChecked();
    expect(screen.getByLabelText('Topic')).toHaveValue('Anything');
  });

  it('shows a refusal that names no field, such as a spent creation budget', async () => {
    answer('POST', '/api/conversations', () =>
      apiError(429, 'rate_limited', 'Too many requests.', { budget: 'create', limit: 10, retryAfterSeconds: 1800 }),
    );
    await openSignedIn();
    choose(/The Philosopher/);
    choose(/The Comedian/);
    type('Title', 'One too many');
    type('Topic', 'Limits');
    fireEvent.click(screen.getByRole('button', { name: 'Create room' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts. Try again in 1800 s.');
  });
});
