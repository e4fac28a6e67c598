import { control, sandboxPath } from '../api.ts';
import { DATA_VIEWS, INTOUCH_DEMO_CUSTOMER, intouchLogin, type DataInput, type DataTable } from '../dialects.ts';
import { field, fill, h, notice } from '../dom.ts';
import { sandboxHref, type Sandbox } from './sandboxes.ts';

const PAGE_SIZE = 20;

/** What the user typed into views' inputs, per sandbox, for as long as the page is open. */
const given = new Map<string, Record<string, string>>();

/**
 * The sandbox's main records per dialect, read through the dialect's own API with the
 * sandbox's credentials (src/console/client/dialects.ts), a page at a time. These reads are
 * vendor requests like any other: they are in the journal.
 */
export function dataView(root: HTMLElement, sandbox: Sandbox, rest: string[]): () => void {
  const chosen = DATA_VIEWS.find((v) => v.id === rest[0]) ?? DATA_VIEWS[0];
  const page = Math.max(0, Number(rest[1]) || 0);
  const inputs = given.get(sandbox.id) ?? {};
  given.set(sandbox.id, inputs);
  let mine = 0;
  const table = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const pager = h('div', { class: 'row' });
  const note = h('div', { class: 'muted' });
  const go = (id: string, p: number) => (location.hash = `${sandboxHref(sandbox.id, 'data')}/${id}/${p}`);

  const select = h(
    'select',
    { name: 'view', id: 'data-view' },
    DATA_VIEWS.map((v) => h('option', { value: v.id, selected: v === chosen }, `${v.dialect}: ${v.label}`)),
  );
  select.addEventListener('change', () => go(select.value, 0));

  const inputField = (input: DataInput) => {
    const control = input.multiple ? h('textarea', { name: input.name, rows: 2, cols: 40, placeholder: input.example ?? '' }) : h('input', { name: input.name, type: input.secret ? 'password' : 'text', placeholder: input.example ?? '' });
    control.value = inputs[input.name] ?? '';
    control.addEventListener('change', () => {
      inputs[input.name] = control.value;
      load();
    });
    return h('div', {}, field(input.label, control), h('p', { class: 'muted' }, input.help));
  };

  // InTouch lists a customer's records only to that customer's token, which a login gives (a
  // vendor write: it stores a token). Only on request.
  const intouchForm = () => {
    const email = h('input', { name: 'email', type: 'email', value: INTOUCH_DEMO_CUSTOMER.email });
    const password = h('input', { name: 'password', type: 'password', value: INTOUCH_DEMO_CUSTOMER.password });
    const said = h('div');
    const form = h('form', { class: 'row', 'aria-label': 'Log a customer in' }, field('Customer email', email), field('Password', password), h('button', { type: 'submit' }, 'Log in and add the token'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const token = await intouchLogin({ origin: location.origin, credentials: sandbox.credentials, fetch: window.fetch.bind(window) }, email.value, password.value);
        inputs.customerTokens = [inputs.customerTokens ?? '', token].filter(Boolean).join('\n');
        const box = root.querySelector('[name="customerTokens"]') as HTMLTextAreaElement | null;
        if (box) box.value = inputs.customerTokens;
        fill(said, notice('ok', 'Logged in: the token is added (POST customer/login, a vendor request of its own).'));
        load();
      } catch (err) {
        fill(said, notice('error', (err as Error).message));
      }
    });
    return h('div', {}, form, said);
  };

  function draw(t: DataTable): void {
    fill(
      table,
      t.note ? notice('info', t.note) : null,
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
    fill(
      pager,
      h('button', { type: 'button', disabled: t.page === 0, onclick: () => go(chosen.id, t.page - 1) }, 'Previous page'),
      h('button', { type: 'button', disabled: !t.hasMore, onclick: () => go(chosen.id, t.page + 1) }, 'Next page'),
      h('span', { class: 'muted' }, `page ${t.page + 1}${t.total !== undefined ? ` · ${t.total} records` : ''}`),
      h('button', { type: 'button', onclick: load }, 'Reload'),
    );
    fill(note, 'Read with ', t.requests.map((r, i) => [i ? ', ' : '', h('code', {}, r)]));
  }

  async function load(): Promise<void> {
    if (!chosen) return fill(table, notice('info', 'No data views.'));
    const call = ++mine;
    try {
      const { now } = await control<{ now: string }>('GET', `${sandboxPath(sandbox.id)}/clock`);
      const t = await chosen.load({ origin: location.origin, credentials: sandbox.credentials, page, pageSize: PAGE_SIZE, fetch: window.fetch.bind(window), sandboxId: sandbox.id, inputs: { ...inputs }, now });
      if (call === mine) draw(t);
    } catch (err) {
      if (call === mine) fill(table, notice('error', `${chosen.dialect} ${chosen.label}: ${(err as Error).message}`));
    }
  }

  fill(
    root,
    h(
      'section',
      { class: 'panel' },
      h('div', { class: 'row' }, field('Records', select)),
      chosen?.inputs?.length ? h('div', { class: 'gap-top' }, chosen.inputs.map(inputField), chosen.inputs.some((i) => i.name === 'customerTokens') ? intouchForm() : null) : null,
      h('div', { class: 'gap-top' }, table),
      pager,
      note,
    ),
  );
  load();
  return () => {
    mine++;
  };
}
