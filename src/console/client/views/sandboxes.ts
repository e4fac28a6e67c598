import { control } from '../api.ts';
import { ago, field, fill, h, notice, time } from '../dom.ts';
import type { Dispose } from '../main.ts';

export interface Sandbox {
  id: string;
  name: string;
  fixtures: 'demo' | 'empty';
  createdAt: string;
  seed?: string;
  requestCount?: number;
  lastRequestAt?: string | null;
  credentials: any;
}

export const sandboxHref = (id: string, tab = 'overview') => `#/s/${encodeURIComponent(id)}/${tab}`;

/** `#/`: every sandbox, and the form that makes one. */
export function sandboxesView(root: HTMLElement): Dispose {
  let stopped = false;
  const list = h('div', {}, h('p', { class: 'muted' }, 'Loading sandboxes…'));
  const message = h('div');

  const name = h('input', { name: 'name', maxlength: 200, placeholder: 'optional' });
  const fixtures = h('select', { name: 'fixtures' }, h('option', { value: 'demo' }, 'demo'), h('option', { value: 'empty' }, 'empty'));
  const seed = h('input', { name: 'seed', maxlength: 200, placeholder: 'optional' });
  const create = h(
    'form',
    { class: 'row', 'aria-label': 'Create a sandbox' },
    field('Name', name),
    field('Fixtures', fixtures),
    field('Seed', seed),
    h('button', { type: 'submit', class: 'primary' }, 'Create sandbox'),
  );
  create.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body: Record<string, string> = { fixtures: fixtures.value };
    if (name.value.trim()) body.name = name.value.trim();
    if (seed.value.trim()) body.seed = seed.value.trim();
    try {
      const made = await control<Sandbox>('POST', '/sandboxes', body);
      location.hash = sandboxHref(made.id);
    } catch (err) {
      fill(message, notice('error', (err as Error).message));
    }
  });

  async function load(): Promise<void> {
    try {
      const { sandboxes } = await control<{ sandboxes: Sandbox[] }>('GET', '/sandboxes');
      if (stopped) return;
      const now = Date.now();
      fill(
        list,
        sandboxes.length === 0
          ? h('p', { class: 'muted' }, 'No sandboxes yet.')
          : h(
              'div',
              { class: 'scroll' },
              h(
                'table',
                { 'aria-label': 'Sandboxes' },
                h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Id'), h('th', { class: 'hide-narrow' }, 'Created'), h('th', {}, 'Fixtures'), h('th', {}, 'Requests'), h('th', {}, 'Last activity'))),
                h(
                  'tbody',
                  {},
                  sandboxes.map((s) =>
                    h(
                      'tr',
                      { 'data-sandbox': s.id },
                      h('td', {}, h('a', { href: sandboxHref(s.id) }, s.name)),
                      h('td', {}, h('code', {}, s.id)),
                      h('td', { class: 'hide-narrow' }, time(s.createdAt)),
                      h('td', {}, s.fixtures),
                      h('td', {}, String(s.requestCount ?? 0)),
                      h('td', { title: time(s.lastRequestAt) }, ago(s.lastRequestAt, now)),
                    ),
                  ),
                ),
              ),
            ),
      );
    } catch (err) {
      fill(list, notice('error', (err as Error).message));
    }
  }

  fill(
    root,
    h('section', { class: 'panel' }, h('h2', {}, 'New sandbox'), create, message),
    h('section', { class: 'panel' }, h('div', { class: 'row' }, h('h2', {}, 'Sandboxes'), h('button', { type: 'button', onclick: load }, 'Refresh')), list),
  );
  load();
  const timer = setInterval(load, 5000);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
