import { ApiError, login, logout, session, whenUnauthorized } from './api.ts';
import { fill, h, notice } from './dom.ts';
import { sandboxesView } from './views/sandboxes.ts';
import { sandboxView } from './views/sandbox.ts';

/**
 * The console (issue 14): one page, routed by its hash. `#/` lists the sandboxes;
 * `#/s/<id>/<tab>` is one sandbox's tab. A view returns what stops it (a stream, a timer) when
 * the route changes.
 */
export type Dispose = () => void;

const app = document.getElementById('app')!;
const slot = document.getElementById('session-slot')!;
let dispose: Dispose | null = null;
let authed = false;

function route(): void {
  dispose?.();
  dispose = null;
  if (!authed) return;
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 's' && parts[1]) dispose = sandboxView(app, parts[1], parts[2] || 'overview', parts.slice(3));
  else dispose = sandboxesView(app);
}

function loginForm(message?: string): void {
  authed = false;
  dispose?.();
  dispose = null;
  fill(slot);
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'current-password', required: true, id: 'token' });
  const error = h('div');
  const form = h(
    'form',
    { method: 'post', action: '/_understudy/console/session', class: 'panel', 'aria-labelledby': 'login-title' },
    h('h2', { id: 'login-title' }, 'Admin token'),
    h('p', { class: 'muted' }, 'This server has UNDERSTUDY_ADMIN_TOKEN set. Enter it once: the console keeps a session cookie.'),
    message ? notice('error', message) : null,
    error,
    h('div', { class: 'row' }, h('label', { for: 'token' }, 'Token', input), h('button', { type: 'submit', class: 'primary' }, 'Open the console')),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await login(input.value);
      start();
    } catch (err) {
      fill(error, notice('error', (err as Error).message));
      input.select();
    }
  });
  fill(app, h('section', { class: 'panel-wrap' }, form));
  input.focus();
}

async function start(): Promise<void> {
  let state;
  try {
    state = await session();
  } catch (err) {
    fill(app, notice('error', `The server did not answer: ${(err as Error).message}`));
    return;
  }
  if (state.auth === 'required') return loginForm();
  authed = true;
  fill(
    slot,
    state.auth === 'session'
      ? h('button', { type: 'button', onclick: async () => (await logout(), loginForm()) }, 'Sign out')
      : h('span', { class: 'muted' }, 'no admin token set'),
  );
  route();
}

whenUnauthorized(() => loginForm('The session ended (the token may have changed): enter the token again.'));
window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (ev) => {
  const err = ev.reason;
  if (err instanceof ApiError && err.status === 401) return;
  app.prepend(notice('error', String(err?.message ?? err)));
});
start();
