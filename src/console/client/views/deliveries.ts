import { control, sandboxPath } from '../api.ts';
import { fill, h, notice, time } from '../dom.ts';
import type { Sandbox } from './sandboxes.ts';
import type { Static } from 'typebox';
import type { Delivery as DeliverySchema } from '../../../control/schemas.ts';

type Delivery = Static<typeof DeliverySchema>;

/** Every webhook and callback of the sandbox, refreshed every 2 s; a failed one stands out and can be sent again. */
export function deliveriesView(root: HTMLElement, sandbox: Sandbox): () => void {
  const base = sandboxPath(sandbox.id);
  const list = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const message = h('div');
  const webhooks = h('div');
  const open = new Set<number>();
  let stopped = false;

  async function retry(d: Delivery): Promise<void> {
    try {
      await control('POST', `${base}/deliveries/${d.id}/retry`);
      fill(message, notice('ok', `Delivery ${d.id} is being sent again.`));
      load();
    } catch (err) {
      fill(message, notice('error', (err as Error).message));
    }
  }

  function rowsOf(d: Delivery): HTMLElement[] {
    const details = h(
      'details',
      { open: open.has(d.id) },
      h('summary', {}, 'Payload and attempts'),
      h('pre', { class: 'payload' }, JSON.stringify(d.payload, null, 2)),
      d.history.length
        ? h(
            'table',
            { 'aria-label': `Attempts of delivery ${d.id}` },
            h('thead', {}, h('tr', {}, h('th', {}, 'At'), h('th', {}, 'Status code'), h('th', {}, 'Error'), h('th', {}, 'Took'))),
            h('tbody', {}, d.history.map((a) => h('tr', {}, h('td', {}, time(a.at)), h('td', {}, a.statusCode ?? '—'), h('td', {}, a.error ?? ''), h('td', {}, `${Math.round(a.durationMs)} ms`)))),
          )
        : h('p', { class: 'muted' }, 'No attempt yet.'),
    );
    details.addEventListener('toggle', () => (details.open ? open.add(d.id) : open.delete(d.id)));
    return [
      h(
        'tr',
        { 'data-delivery': d.id, 'data-status': d.status, class: d.status === 'failed' ? 'failed' : null },
        h('td', {}, String(d.id)),
        h('td', {}, d.dialect),
        h('td', {}, d.event),
        h('td', { class: 'hide-narrow break' }, d.url),
        h('td', {}, h('span', { class: `badge ${d.status}` }, d.status)),
        h('td', {}, String(d.attempts)),
        h('td', {}, d.lastStatusCode === null ? (d.lastError ? h('span', { title: d.lastError }, 'error') : '—') : String(d.lastStatusCode)),
        h('td', { class: 'hide-narrow' }, d.status === 'pending' ? time(d.nextAttemptAt) : '—'),
        h('td', {}, h('button', { type: 'button', 'aria-label': `Retry delivery ${d.id}`, onclick: () => retry(d) }, 'Retry')),
      ),
      h('tr', { class: d.status === 'failed' ? 'failed' : null }, h('td', { colspan: 9 }, d.lastError ? h('div', { class: 'muted' }, `Last error: ${d.lastError}`) : null, details)),
    ];
  }

  async function load(): Promise<void> {
    try {
      const [{ deliveries }, hooks] = await Promise.all([
        control<{ deliveries: Delivery[] }>('GET', `${base}/deliveries`),
        control<{ webhooks: Record<string, string> }>('GET', `${base}/webhooks`),
      ]);
      if (stopped) return;
      const failed = deliveries.filter((d) => d.status === 'failed').length;
      fill(
        webhooks,
        Object.keys(hooks.webhooks).length
          ? h('p', {}, 'Webhooks go to: ', Object.entries(hooks.webhooks).map(([d, url], i) => [i ? ', ' : '', h('strong', {}, d), ' → ', h('code', {}, url)]))
          : h('p', { class: 'muted' }, 'No webhook URL is set (PUT /_understudy/sandboxes/{id}/webhooks/{dialect}).'),
      );
      fill(
        list,
        failed ? notice('error', `${failed} ${failed === 1 ? 'delivery has' : 'deliveries have'} failed.`) : null,
        deliveries.length === 0
          ? h('p', { class: 'muted' }, 'No deliveries yet.')
          : h(
              'div',
              { class: 'scroll' },
              h(
                'table',
                { 'aria-label': 'Deliveries', id: 'deliveries' },
                h(
                  'thead',
                  {},
                  h('tr', {}, ['Id', 'Dialect', 'Event', 'URL', 'Status', 'Attempts', 'Last code', 'Next attempt', ''].map((t, i) => h('th', { class: i === 3 || i === 7 ? 'hide-narrow' : null }, t || h('span', { class: 'sr-only' }, 'Actions')))),
                ),
                h('tbody', {}, deliveries.map(rowsOf)),
              ),
            ),
      );
    } catch (err) {
      fill(message, notice('error', (err as Error).message));
    }
  }

  fill(root, message, h('section', { class: 'panel' }, h('div', { class: 'row' }, h('h3', {}, 'Deliveries'), h('button', { type: 'button', onclick: load }, 'Refresh')), webhooks, list));
  load();
  const timer = setInterval(load, 2000);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
