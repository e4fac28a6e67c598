import { control } from '../api.ts';
import { ago, field, fill, h, notice, time } from '../dom.ts';
import type { Dispose } from '../main.ts';
import type { SandboxView } from '../../../core/sandboxes/service.ts';
import type { Credentials } from '../dialects.ts';

/** A sandbox as the control API answers it (the server's own type), with every dialect's credentials. */
export type Sandbox = Omit<SandboxView, 'credentials'> & { credentials: Credentials };

export const sandboxHref = (id: string, tab = 'overview') => `#/s/${encodeURIComponent(id)}/${tab}`;

/** `#/`: every sandbox, and the form that makes one. */
export function sandboxesView(root: HTMLElement): Dispose {
  let stopped = false;
  let all: Sandbox[] = [];
  let page = 0;
  const PAGE = 50;
  const list = h('div', {}, h('p', { class: 'muted' }, 'Loading sandboxes…'));
  const search = h('input', { type: 'search', name: 'find', placeholder: 'name or id' });
  search.addEventListener('input', () => ((page = 0), draw()));
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
      all = sandboxes;
      draw();
    } catch (err) {
      fill(list, notice('error', (err as Error).message));
    }
  }

  // Drawn a page of 50 at a time: a server may hold thousands of sandboxes.
  function draw(): void {
    const now = Date.now();
    const text = search.value.trim().toLowerCase();
    const found = text ? all.filter((s) => s.name.toLowerCase().includes(text) || s.id.toLowerCase().includes(text)) : all;
    const pages = Math.max(1, Math.ceil(found.length / PAGE));
    page = Math.min(page, pages - 1);
    const shown = found.slice(page * PAGE, page * PAGE + PAGE);
    fill(
      list,
      found.length === 0
        ? h('p', { class: 'muted' }, all.length ? 'No sandbox matches.' : 'No sandboxes yet.')
        : [
            h(
              'div',
              { class: 'scroll' },
              h(
                'table',
                { 'aria-label': 'Sandboxes' },
                h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Id'), h('th', { class: 'hide-narrow' }, 'Created'), h('th', {}, 'Fixtures'), h('th', {}, 'Requests'), h('th', {}, 'Last activity'))),
                h(
                  'tbody',
                  {},
                  shown.map((s) =>
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
            pages > 1
              ? h(
                  'div',
                  { class: 'row' },
                  h('button', { type: 'button', disabled: page === 0, onclick: () => (page--, draw()) }, 'Previous page'),
                  h('button', { type: 'button', disabled: page >= pages - 1, onclick: () => (page++, draw()) }, 'Next page'),
                  h('span', { class: 'muted' }, `page ${page + 1} of ${pages} · ${found.length} sandboxes`),
                )
              : null,
          ],
    );
  }

  fill(
    root,
    h('section', { class: 'panel' }, h('h2', {}, 'New sandbox'), create, message),
    h('section', { class: 'panel' }, h('div', { class: 'row' }, h('h2', {}, 'Sandboxes'), field('Find', search), h('button', { type: 'button', onclick: load }, 'Refresh')), list),
  );
  load();
  const timer = setInterval(load, 5000);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
