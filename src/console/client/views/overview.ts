import { control, sandboxPath } from '../api.ts';
import { BASE_PATHS, sampleCurl, type DialectName } from '../dialects.ts';
import { confirmDialog, copyButton, field, fill, h, notice, time } from '../dom.ts';
import type { Sandbox } from './sandboxes.ts';

/** A sandbox's lifecycle (reset, delete, snapshots) and, per dialect, its credentials, base URL and a curl. */
export function overviewView(root: HTMLElement, sandbox: Sandbox): void {
  const base = sandboxPath(sandbox.id);
  const message = h('div', { 'aria-live': 'polite' });
  const say = (kind: 'ok' | 'error', text: string) => fill(message, notice(kind, text));

  const reset = h('button', { type: 'button' }, 'Reset data');
  reset.addEventListener('click', async () => {
    if (!(await confirmDialog(`Reset '${sandbox.name}'? Its data goes back to its fixtures (credentials, clock, webhooks and fault rules stay).`, 'Reset'))) return;
    try {
      await control('POST', `${base}/reset`);
      say('ok', 'The data is back to its fixtures.');
    } catch (err) {
      say('error', (err as Error).message);
    }
  });
  const del = h('button', { type: 'button', class: 'danger' }, 'Delete sandbox');
  del.addEventListener('click', async () => {
    if (!(await confirmDialog(`Delete '${sandbox.name}' (${sandbox.id})? Its data and credentials are gone for good.`, 'Delete'))) return;
    try {
      await control('DELETE', base);
      location.hash = '#/';
    } catch (err) {
      say('error', (err as Error).message);
    }
  });

  const snapName = h('input', { name: 'snapshot', required: true, maxlength: 200, placeholder: 'before-test' });
  const snapList = h('div');
  const snapForm = h('form', { class: 'row', 'aria-label': 'Save a snapshot' }, field('Snapshot name', snapName), h('button', { type: 'submit', class: 'primary' }, 'Save snapshot'));
  snapForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const s = await control<{ name: string; rows: number }>('POST', `${base}/snapshots`, { name: snapName.value });
      say('ok', `Snapshot '${s.name}' saved (${s.rows} rows).`);
      snapName.value = '';
      loadSnapshots();
    } catch (err) {
      say('error', (err as Error).message);
    }
  });
  async function loadSnapshots(): Promise<void> {
    const { snapshots } = await control<{ snapshots: Array<{ name: string; createdAt: string }> }>('GET', `${base}/snapshots`);
    fill(
      snapList,
      snapshots.length === 0
        ? h('p', { class: 'muted' }, 'No snapshots.')
        : h(
            'table',
            { 'aria-label': 'Snapshots' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Saved'), h('th', {}, h('span', { class: 'sr-only' }, 'Actions')))),
            h(
              'tbody',
              {},
              snapshots.map((s) =>
                h(
                  'tr',
                  {},
                  h('td', {}, s.name),
                  h('td', {}, time(s.createdAt)),
                  h(
                    'td',
                    {},
                    h(
                      'button',
                      {
                        type: 'button',
                        'aria-label': `Restore snapshot ${s.name}`,
                        onclick: async () => {
                          if (!(await confirmDialog(`Restore '${s.name}'? The data becomes exactly what it was when it was saved.`, 'Restore'))) return;
                          try {
                            await control('POST', `${base}/snapshots/${encodeURIComponent(s.name)}/restore`);
                            say('ok', `Restored '${s.name}'.`);
                          } catch (err) {
                            say('error', (err as Error).message);
                          }
                        },
                      },
                      'Restore',
                    ),
                  ),
                ),
              ),
            ),
          ),
    );
  }

  const origin = location.origin;
  const creds = sandbox.credentials;
  const dialects = Object.keys(creds) as DialectName[];
  fill(
    root,
    message,
    h(
      'section',
      { class: 'panel' },
      h('h3', {}, 'Sandbox'),
      h('p', { class: 'muted' }, `Created ${time(sandbox.createdAt)} with ${sandbox.fixtures} fixtures${sandbox.seed ? `, seed '${sandbox.seed}'` : ''}.`),
      h('div', { class: 'row' }, reset, del),
    ),
    h('section', { class: 'panel' }, h('h3', {}, 'Snapshots'), snapForm, snapList),
    h(
      'section',
      { class: 'panel', 'aria-label': 'Credentials' },
      h('h3', {}, 'Credentials'),
      dialects.map((d) => {
        const curl = sampleCurl(d, origin, creds);
        return h(
          'div',
          { class: 'cred', 'data-dialect': d },
          h('strong', {}, d),
          h(
            'div',
            {},
            h('div', {}, 'Base URL ', h('code', {}, `${origin}${BASE_PATHS[d] ?? `/${d}/`}`)),
            h(
              'div',
              {},
              Object.entries(creds[d] as Record<string, string>).map(([k, v]) => h('div', {}, h('span', { class: 'muted' }, `${k}: `), h('code', {}, v))),
            ),
            h('div', { class: 'copy-line' }, h('pre', { class: 'curl' }, curl), copyButton(() => curl, `Copy the ${d} curl`)),
          ),
        );
      }),
    ),
  );
  loadSnapshots().catch((err) => say('error', err.message));
}
