import { answer, apiError, json, requestsTo } from '../testing/fake-api.ts';
import { fireEvent, screen } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { renderPage } from '../testing/render-page.tsx';
import { currentUser } from '../stores/session.ts';
import SignIn from './sign-in.tsx';
import { safeNext } from '../lib/safe-next.ts';
import SignUp from './sign-up.tsx';

const ada = {
  id: '0b7c4a8e-5d0f-4e7e-9a43-3f3a7d1f2c11',
  username: 'ada',
  email: 'ada@example.com',
  createdAt: '2026-01-01T00:00:00.000Z',
  isAdmin: false,
};

function type(label: string, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

describe('Sign up', () => {
  it('registers, sets the session and goes to the lobby', async () => {
    answer('POST', '/api/auth/register', () => json(201, { user: ada }));
    const page = renderPage(SignUp, '/sign-up');
    type('Username', 'ada');
    type('Email', 'ada@example.com');
    type('Password', 'correct horse battery');
    fireEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(await screen.findByText('Page at /')).toBeInTheDocument();
    expect(page.location()).toBe('/');
    expect(requestsTo('POST', '/api/auth/register')[0]?.body).toEqual({
      username: 'ada',
      email: 'ada@example.com',
      password: 'correct horse battery',
    });
    expect(currentUser()?.username).toBe('ada');
  });

  it('shows the server’s validation issues beside their fields and keeps what was typed', async () => {
    answer('POST', '/api/auth/register', () =>
      apiError(400, 'validation_failed', 'Invalid json: json.username must be 3 to 32 letters, digits, _ or -', {
        issues: [
          { path: 'json.username', message: 'must be 3 to 32 letters, digits, _ or -' },
          { path: 'json.password', message: 'must be at least 10 characters' },
        ],
      }),
    );
    renderPage(SignUp, '/sign-up');
    type('Username', 'ab');
    type('Email', 'ada@example.com');
    type('Password', 'short');
    fireEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please correct the marked fields');
    const username = screen.getByLabelText('Username');
    expect(screen.getByRole('alert')).toHaveTextContent(/^Please correct the marked fields\.$/);
    expect(username).toHaveAccessibleDescription(/Your username must be 3 to 32 letters, digits, _ or -\./);
    expect(username).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(
      /Use at least 10 characters for your password\./,
    );
    // The browser's own hints of the same limits.
    expect(screen.getByLabelText('Password')).toHaveAttribute('minlength', '10');
    expect(username).toHaveAttribute('maxlength', '32');
    expect(screen.getByLabelText('Email')).not.toHaveAttribute('aria-invalid');
    expect(username).toHaveValue('ab');
    expect(screen.getByLabelText('Password')).toHaveValue('short');
    expect(screen.getByRole('heading', { name: 'Sign up' })).toBeInTheDocument();

    // Fixing a field clears its words; the alert goes once no field is marked.
    type('Password', 'long enough now');
    expect(screen.getByLabelText('Password')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByRole('alert')).toBeInTheDocument();
    type('Username', 'ada');
    expect(username).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says when the username is taken', async () => {
    answer('POST', '/api/auth/register', () => apiError(409, 'username_taken', 'The username "ada" is taken.'));
    renderPage(SignUp, '/sign-up');
    type('Username', 'ada');
    type('Email', 'other@example.com');
    type('Password', 'correct horse battery');
    fireEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The username "ada" is taken.');
    expect(screen.getByLabelText('Username')).toHaveAccessibleDescription(/The username "ada" is taken./);
    expect(screen.getByLabelText('Email')).toHaveValue('other@example.com');
  });
});

describe('Sign in', () => {
  it('signs in and follows ?next= to a path of this site', async () => {
    answer('POST', '/api/auth/login', () => json(200, { user: ada }));
    const page = renderPage(SignIn, '/sign-in?next=%2Frooms%2Fnew');
    type('Username or email', 'ada@example.com');
    type('Password', 'correct horse battery');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Page at /rooms/new')).toBeInTheDocument();
    expect(page.location()).toBe('/rooms/new');
    expect(requestsTo('POST', '/api/auth/login')[0]?.body).toEqual({
      login: 'ada@example.com',
      password: 'correct horse battery',
    });
    expect(currentUser()?.id).toBe(ada.id);
  });

  it('shows wrong credentials in an alert and stays on the form', async () => {
    answer('POST', '/api/auth/login', () => apiError(401, 'invalid_credentials', 'Wrong username, email or password.'));
    renderPage(SignIn, '/sign-in');
    type('Username or email', 'ada');
    type('Password', 'not the password');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username, email or password.');
    expect(screen.getByLabelText('Username or email')).toHaveValue('ada');
  });

  it('tells a rate-limited visitor when to come back', async () => {
    answer('POST', '/api/auth/login', () =>
      apiError(429, 'rate_limited', 'Too many requests.', { budget: 'write', limit: 20, retryAfterSeconds: 42 }),
    );
    renderPage(SignIn, '/sign-in');
    type('Username or email', 'ada');
    type('Password', 'whatever it is');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts. Try again in 42 s.');
  });

  it('never follows ?next= off the site, however the browser would read it', () => {
    const origin = 'https://chimera.example';
    expect(safeNext('/rooms/new', origin)).toBe('/rooms/new');
    expect(safeNext('/rooms/abc?x=1#end', origin)).toBe('/rooms/abc?x=1#end');
    for (const hostile of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      ' //evil.example',
      '/ /evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      '/\u0000/evil.example',
      '',
      'rooms/new',
    ]) {
      expect(safeNext(hostile, origin), JSON.stringify(hostile)).toBe('/');
    }
    expect(safeNext(undefined, origin)).toBe('/');
    expect(safeNext(['/rooms/new'], origin)).toBe('/');
  });
});
