import { control, sandboxPath } from '../api.ts';
import { entryAsCurl, type JournalEntry } from '../curl.ts';
import { BASE_PATHS } from '../dialects.ts';
import { copyButton, field, fill, h, notice, time } from '../dom.ts';
import { pretty } from '../format.ts';
import type { Sandbox } from './sandboxes.ts';

const PAGE = 100;

interface Filters {
  dialect: string;
  method: string;
  status: string;
  path: string;
}

const query = (f: Filters, extra: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v !== '' && v !== undefined) p.set(k, String(v));
  return p.toString();
};

function statusOf(status: number): HTMLElement {
  return h('span', { class: `status-${String(status)[0]}` }, String(status));
}

function bodyBlock(title: string, body: unknown): HTMLElement {
  const p = pretty(body);
  return h('div', {}, h('h4', {}, title, p.kind === 'none' ? null : h('span', { class: 'muted' }, ` (${p.kind})`)), p.kind === 'none' ? h('p', { class: 'muted' }, 'none') : h('pre', { class: `body ${p.kind}` }, p.text));
}

/**
 * The sandbox's journal, newest first, a page of 100 at a time, live: a server-sent event
 * stream adds what comes in while the newest page is shown (and counts it otherwise).
 */
export function requestsView(root: HTMLElement, sandbox: Sandbox): () => void {
  const base = sandboxPath(sandbox.id);
  const filters: Filters = { dialect: '', method: '', status: '', path: '' };
  let rows: JournalEntry[] = [];
  /** Cursors of the pages above the one shown (`before` ids); empty: the newest page is shown. */
  const cursors: Array<number | undefined> = [];
  let more = false;
  let unseen = 0;
  let selected: number | null = null;
  let stream: EventSource | null = null;
  let generation = 0;

  const dialect = h('select', { name: 'dialect' }, h('option', { value: '' }, 'all'), Object.keys(BASE_PATHS).map((d) => h('option', { value: d }, d)));
  const method = h('select', { name: 'method' }, h('option', { value: '' }, 'any'), ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => h('option', { value: m }, m)));
  const status = h('select', { name: 'status' }, h('option', { value: '' }, 'any'), ['2xx', '3xx', '4xx', '5xx'].map((s) => h('option', { value: s }, s)));
  const path = h('input', { name: 'path', type: 'search', placeholder: '/vouchers', maxlength: 500 });
  const live = h('span', { class: 'live', role: 'status' }, 'connecting');
  const banner = h('div');
  const tbody = h('tbody');
  const pager = h('div', { class: 'row' });
  const detail = h('section', { class: 'panel detail', 'aria-label': 'Request detail' }, h('p', { class: 'muted' }, 'Choose a request to see its bodies.'));
  const message = h('div');

  let typing: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    Object.assign(filters, { dialect: dialect.value, method: method.value, status: status.value, path: path.value.trim() });
    cursors.length = 0;
    load();
  };
  for (const s of [dialect, method, status]) s.addEventListener('change', changed);
  path.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(changed, 250);
  });

  function rowOf(e: JournalEntry): HTMLTableRowElement {
    const open = h('button', { type: 'button', class: 'linklike', 'aria-label': `Open ${e.method} ${e.path} (${e.status})` }, e.path);
    open.addEventListener('click', () => show(e.id));
    return h(
      'tr',
      { 'data-id': e.id, 'aria-selected': selected === e.id ? 'true' : 'false', class: 'clickable', onclick: (ev: MouseEvent) => ev.target !== open && show(e.id) },
      h('td', { class: 'hide-narrow' }, time(e.at)),
      h('td', {}, e.dialect),
      h('td', {}, e.method),
      h('td', {}, open),
      h('td', {}, statusOf(e.status)),
      h('td', { class: 'hide-narrow' }, `${e.durationMs} ms`),
    );
  }

  function render(): void {
    fill(tbody, rows.length ? rows.map(rowOf) : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No requests match.')));
    const newest = cursors.length === 0;
    fill(
      pager,
      h('button', { type: 'button', disabled: newest, onclick: () => (cursors.pop(), load(cursors.at(-1))) }, 'Newer'),
      h('button', { type: 'button', disabled: newest, onclick: () => ((cursors.length = 0), load()) }, 'Newest'),
      h('button', { type: 'button', disabled: !more, onclick: () => (cursors.push(rows.at(-1)!.id), load(rows.at(-1)!.id)) }, 'Older'),
      h('span', { class: 'muted' }, newest ? `newest ${rows.length}` : `page ${cursors.length + 1}`),
    );
    fill(banner, unseen && !newest ? h('div', { class: 'notice' }, `${unseen} new since this page was shown. `, h('button', { type: 'button', onclick: () => ((cursors.length = 0), load()) }, 'Show the newest')) : null);
  }

  function show(id: number): void {
    const e = rows.find((r) => r.id === id);
    if (!e) return;
    selected = id;
    for (const tr of tbody.querySelectorAll('tr')) tr.setAttribute('aria-selected', tr.getAttribute('data-id') === String(id) ? 'true' : 'false');
    const curl = entryAsCurl(e, location.origin);
    const q = Object.keys(e.query ?? {}).length ? JSON.stringify(e.query, null, 2) : null;
    fill(
      detail,
      h('h3', {}, `${e.method} `, h('code', {}, e.path), ' ', statusOf(e.status)),
      h('p', { class: 'muted' }, `#${e.id} · ${e.dialect} · ${time(e.at)} · ${e.durationMs} ms`),
      q ? h('div', {}, h('h4', {}, 'Query'), h('pre', {}, q)) : null,
      bodyBlock('Request body', e.requestBody),
      bodyBlock('Response body', e.responseBody),
      h('h4', {}, 'As curl'),
      h('p', { class: 'muted' }, 'The journal keeps no headers and redacts credentials: put them where the placeholders are.'),
      h('div', { class: 'copy-line' }, h('pre', { class: 'curl' }, curl), copyButton(() => curl, 'Copy as curl')),
    );
  }

  async function load(before?: number): Promise<void> {
    const mine = ++generation;
    try {
      const answer = await control<{ requests: JournalEntry[]; more: boolean; shed: number }>('GET', `${base}/requests?${query(filters, { limit: PAGE, before })}`);
      if (mine !== generation) return;
      rows = answer.requests;
      more = answer.more;
      unseen = 0;
      fill(message, answer.shed ? notice('info', `${answer.shed} entries were dropped unwritten under load.`) : null);
      render();
      if (cursors.length === 0) listen(rows[0]?.id ?? 0);
    } catch (err) {
      fill(message, notice('error', (err as Error).message));
    }
  }

  function listen(since: number): void {
    stream?.close();
    const mine = generation;
    stream = new EventSource(`/_understudy${base}/requests/stream?${query(filters, { since })}`);
    stream.addEventListener('open', () => {
      live.classList.add('on');
      live.textContent = 'live';
    });
    stream.addEventListener('error', () => {
      live.classList.remove('on');
      live.textContent = 'reconnecting';
    });
    stream.addEventListener('gone', () => {
      stream?.close();
      live.classList.remove('on');
      live.textContent = 'sandbox deleted';
    });
    stream.addEventListener('request', (ev) => {
      if (mine !== generation) return;
      const e = JSON.parse((ev as MessageEvent).data) as JournalEntry;
      if (rows.some((r) => r.id === e.id)) return;
      if (cursors.length) unseen++;
      else {
        rows.unshift(e);
        if (rows.length > PAGE) {
          rows.length = PAGE;
          more = true;
        }
      }
      soon();
    });
  }

  // A burst of entries is drawn once per frame, not once per entry.
  let frame = 0;
  const soon = () => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), render()));
  };

  fill(
    root,
    h(
      'section',
      { class: 'panel' },
      h('form', { class: 'row', 'aria-label': 'Filter requests', onsubmit: (ev: Event) => (ev.preventDefault(), changed()) }, field('Dialect', dialect), field('Method', method), field('Status', status), field('Path contains', path), live),
    ),
    message,
    banner,
    h(
      'div',
      { class: 'split' },
      h(
        'section',
        { class: 'panel' },
        h(
          'div',
          { class: 'scroll' },
          h(
            'table',
            { 'aria-label': 'Requests', id: 'requests' },
            h('thead', {}, h('tr', {}, h('th', { class: 'hide-narrow' }, 'At'), h('th', {}, 'Dialect'), h('th', {}, 'Method'), h('th', {}, 'Path'), h('th', {}, 'Status'), h('th', { class: 'hide-narrow' }, 'Took'))),
            tbody,
          ),
        ),
        pager,
      ),
      detail,
    ),
  );
  load();
  return () => {
    generation++;
    cancelAnimationFrame(frame);
    stream?.close();
    clearTimeout(typing);
  };
}
