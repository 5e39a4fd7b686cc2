import { answer, apiError, json, requestsTo } from '../testing/fake-api.ts';
import { fireEvent, screen, waitForElementToBeRemoved, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { Persona } from '../lib/catalog.ts';
import { setCurrentUser } from '../stores/session.ts';
import { ADA, PIRATE, PROVIDERS, SEEDS } from '../testing/fixtures.ts';
import { renderPage } from '../testing/render-page.tsx';
import Personas from './personas.tsx';

/** A Worker that keeps Ada's personas in a list, as the real one keeps them in Postgres. */
function serve(own: Persona[]) {
  answer('GET', '/api/personas', () => json(200, { personas: [...SEEDS, ...own] }));
  answer('GET', '/api/providers', () => json(200, { providers: PROVIDERS, fallbackOrder: ['openai', 'demo'] }));
  return own;
}

function type(container: HTMLElement, label: string, value: string) {
  fireEvent.input(within(container).getByLabelText(label), { target: { value } });
}

describe('Personas', () => {
  it('lists the seed personas as read-only and asks a visitor to sign in to write one', async () => {
    setCurrentUser(null);
    serve([]);
    renderPage(Personas, '/personas');
    const philosopher = await screen.findByRole('article', { name: 'The Philosopher' });
    expect(within(philosopher).getByText('seed · read-only')).toBeInTheDocument();
    expect(within(philosopher).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in?next=%2Fpersonas');
    expect(screen.queryByRole('button', { name: 'New persona' })).not.toBeInTheDocument();
  });

  it('warns beside the model when the provider has not listed its models (the server cannot check the name)', async () => {
    setCurrentUser(ADA);
    serve([]);
    renderPage(Personas, '/personas');
    fireEvent.click(await screen.findByRole('button', { name: 'New persona' }));
    const form = screen.getByRole('form', { name: 'New persona' });
    const model = within(form).getByLabelText('Default model');
    fireEvent.change(within(form).getByLabelText('Default provider'), { target: { value: 'openai' } });
    expect(model).not.toHaveAccessibleDescription(/has not listed its models/);
    fireEvent.change(within(form).getByLabelText('Default provider'), { target: { value: 'anthropic' } });
    expect(model).toHaveAccessibleDescription(/Anthropic has not listed its models/);
  });

  it('creates a persona from the form and lists it', async () => {
    setCurrentUser(ADA);
    serve([]);
    answer('POST', '/api/personas', (request) =>
      json(201, { ...(request.body as object), id: PIRATE.id, seed: false }),
    );
    renderPage(Personas, '/personas');
    fireEvent.click(await screen.findByRole('button', { name: 'New persona' }));
    const form = screen.getByRole('form', { name: 'New persona' });
    type(form, 'Name', 'pirate');
    type(form, 'Display name', 'The Pirate');
    type(form, 'System prompt', PIRATE.systemPrompt);
    type(form, 'Temperature', '0.8');
    type(form, 'Average length (words)', '90');
    type(form, 'Style', 'swashbuckling');
    type(form, 'Traits', 'bold,  boastful ,');
    type(form, 'Avatar', '🏴‍☠️');
    fireEvent.input(within(form).getByLabelText('Colour'), { target: { value: '#1d4e89' } });
    fireEvent.change(within(form).getByLabelText('Default provider'), { target: { value: 'openai' } });
    type(form, 'Default model', 'gpt-4.1');
    fireEvent.click(within(form).getByRole('button', { name: 'Create persona' }));
    const card = await screen.findByRole('article', { name: 'The Pirate' });
    expect(within(card).getByText('openai · gpt-4.1')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'New persona' })).not.toBeInTheDocument();
    expect(requestsTo('POST', '/api/personas')[0]?.body).toEqual({
      name: 'pirate',
      displayName: 'The Pirate',
      systemPrompt: PIRATE.systemPrompt,
      temperature: 0.8,
      style: 'swashbuckling',
      avgLength: 90,
      traits: ['bold', 'boastful'],
      avatar: '🏴‍☠️',
      color: '#1d4e89',
      defaultProvider: 'openai',
      defaultModel: 'gpt-4.1',
    });
  });

  it('edits a persona: the form starts from it, only the changed fields are sent, the card shows the result', async () => {
    setCurrentUser(ADA);
    serve([PIRATE]);
    answer('PATCH', `/api/personas/${PIRATE.id}`, (request) => json(200, { ...PIRATE, ...(request.body as object) }));
    renderPage(Personas, '/personas');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit The Pirate' }));
    const form = screen.getByRole('form', { name: 'Edit The Pirate' });
    expect(within(form).getByLabelText('Name')).toHaveValue('pirate');
    expect(within(form).getByLabelText('Traits')).toHaveValue('bold, boastful');
    expect(within(form).getByLabelText('Default provider')).toHaveValue('demo');
    type(form, 'Temperature', '1.1');
    type(form, 'Traits', 'bold, boastful, superstitious');
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitForElementToBeRemoved(() => screen.queryByRole('form', { name: 'Edit The Pirate' }));
    const card = screen.getByRole('article', { name: 'The Pirate' });
    expect(within(card).getByText('superstitious')).toBeInTheDocument();
    expect(within(card).getByText('1.1')).toBeInTheDocument();
    expect(requestsTo('PATCH', `/api/personas/${PIRATE.id}`).map((request) => request.body)).toEqual([
      { temperature: 1.1, traits: ['bold', 'boastful', 'superstitious'] },
    ]);
  });

  it('shows the server’s refusals beside the fields and keeps the edit open', async () => {
    setCurrentUser(ADA);
    serve([PIRATE]);
    let attempt = 0;
    answer('PATCH', `/api/personas/${PIRATE.id}`, () => {
      attempt += 1;
      return attempt === 1
        ? apiError(
            400,
            'validation_failed',
            'Invalid json: json.traits.1 must be a word or short phrase (at most 30 characters)',
            {
              issues: [{ path: 'json.traits.1', message: 'must be a word or short phrase (at most 30 characters)' }],
            },
          )
        : apiError(409, 'persona_name_taken', 'You already have a persona named "parrot".');
    });
    renderPage(Personas, '/personas');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit The Pirate' }));
    const form = screen.getByRole('form', { name: 'Edit The Pirate' });
    type(form, 'Traits', 'bold, <script>');
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Please correct the marked fields');
    expect(within(form).getByLabelText('Traits')).toHaveAccessibleDescription(/must be a word or short phrase/);
    expect(within(form).getByLabelText('Traits')).toHaveValue('bold, <script>');

    type(form, 'Traits', 'bold');
    type(form, 'Name', 'parrot');
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(
      await within(form).findByText('You already have a persona named "parrot".', { selector: '.field-error' }),
    ).toBeInTheDocument();
    expect(within(form).getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText('Traits')).not.toHaveAttribute('aria-invalid');
  });

  it('deletes a persona only after confirmation', async () => {
    setCurrentUser(ADA);
    serve([PIRATE]);
    answer('DELETE', `/api/personas/${PIRATE.id}`, () => new Response(null, { status: 204 }));
    renderPage(Personas, '/personas');
    fireEvent.click(await screen.findByRole('button', { name: 'Delete The Pirate' }));
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Confirm deleting The Pirate' })).getByRole('button', {
        name: 'Keep it',
      }),
    );
    expect(requestsTo('DELETE', `/api/personas/${PIRATE.id}`)).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Delete The Pirate' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    expect(await screen.findByText('You have no personas yet.')).toBeInTheDocument();
    expect(requestsTo('DELETE', `/api/personas/${PIRATE.id}`)).toHaveLength(1);
  });

  it('shows why a delete failed', async () => {
    setCurrentUser(ADA);
    serve([PIRATE]);
    answer('DELETE', `/api/personas/${PIRATE.id}`, () => apiError(404, 'not_found', 'No such persona.'));
    renderPage(Personas, '/personas');
    fireEvent.click(await screen.findByRole('button', { name: 'Delete The Pirate' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('No such persona.');
    expect(screen.getByRole('article', { name: 'The Pirate' })).toBeInTheDocument();
  });
});
