import { DATA_VIEWS, type Credentials, type DataTable } from '../dialects.ts';
import { field, fill, h, notice } from '../dom.ts';
import { sandboxHref, type Sandbox } from './sandboxes.ts';

const PAGE_SIZE = 20;

/**
 * The sandbox's main records per dialect, read through the dialect's own API with the
 * sandbox's credentials (src/console/client/dialects.ts), a page at a time. These reads are
 * vendor requests like any other: they are in the journal.
 */
export function dataView(root: HTMLElement, sandbox: Sandbox, rest: string[]): () => void {
  const chosen = DATA_VIEWS.find((v) => v.id === rest[0]) ?? DATA_VIEWS[0];
  let page = Math.max(0, Number(rest[1]) || 0);
  let mine = 0;
  const table = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const pager = h('div', { class: 'row' });
  const note = h('div', { class: 'muted' });

  const select = h(
    'select',
    { name: 'view', id: 'data-view' },
    DATA_VIEWS.map((v) => h('option', { value: v.id, selected: v === chosen }, `${v.dialect}: ${v.label}`)),
  );
  select.addEventListener('change', () => (location.hash = `${sandboxHref(sandbox.id, 'data')}/${select.value}/0`));

  function draw(t: DataTable): void {
    fill(
      table,
      t.rows.length === 0
        ? h('p', { class: 'muted' }, 'No records.')
        : h(
            'div',
            { class: 'scroll' },
            h(
              'table',
              { 'aria-label': `${chosen.dialect} ${chosen.label}`, id: 'data-table', 'data-view': chosen.id },
              h('thead', {}, h('tr', {}, t.columns.map((c) => h('th', {}, c)))),
              h('tbody', {}, t.rows.map((r) => h('tr', {}, r.map((cell) => h('td', {}, cell))))),
            ),
          ),
    );
    const go = (p: number) => (location.hash = `${sandboxHref(sandbox.id, 'data')}/${chosen.id}/${p}`);
    fill(
      pager,
      h('button', { type: 'button', disabled: t.page === 0, onclick: () => go(t.page - 1) }, 'Previous page'),
      h('button', { type: 'button', disabled: !t.hasMore, onclick: () => go(t.page + 1) }, 'Next page'),
      h('span', { class: 'muted' }, `page ${t.page + 1}${t.total !== undefined ? ` · ${t.total} records` : ''}`),
      h('button', { type: 'button', onclick: load }, 'Reload'),
    );
    fill(note, 'Read with ', t.requests.map((r, i) => [i ? ', ' : '', h('code', {}, r)]));
  }

  async function load(): Promise<void> {
    if (!chosen) return fill(table, notice('info', 'No data views.'));
    const call = ++mine;
    try {
      const t = await chosen.load({ origin: location.origin, credentials: sandbox.credentials as Credentials, page, pageSize: PAGE_SIZE, fetch: window.fetch.bind(window) });
      if (call === mine) draw(t);
    } catch (err) {
      if (call === mine) fill(table, notice('error', `${chosen.dialect} ${chosen.label}: ${(err as Error).message}`));
    }
  }

  fill(root, h('section', { class: 'panel' }, h('div', { class: 'row' }, field('Records', select)), table, pager, note));
  load();
  return () => {
    mine++;
    page = 0;
  };
}
