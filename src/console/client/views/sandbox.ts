import { ApiError, control, sandboxPath } from '../api.ts';
import { fill, h, notice } from '../dom.ts';
import type { Dispose } from '../main.ts';
import { clockView } from './clock.ts';
import { dataView } from './data.ts';
import { deliveriesView } from './deliveries.ts';
import { faultsView } from './faults.ts';
import { overviewView } from './overview.ts';
import { requestsView } from './requests.ts';
import { sandboxHref, type Sandbox } from './sandboxes.ts';

export type TabView = (root: HTMLElement, sandbox: Sandbox, rest: string[]) => Dispose | void;

const TABS: Array<[string, string, TabView]> = [
  ['overview', 'Overview', overviewView],
  ['requests', 'Requests', requestsView],
  ['deliveries', 'Deliveries', deliveriesView],
  ['clock', 'Clock', clockView],
  ['faults', 'Faults', faultsView],
  ['data', 'Data', dataView],
];

/** `#/s/<id>/<tab>`: one sandbox, its tabs. */
export function sandboxView(root: HTMLElement, id: string, tab: string, rest: string[]): Dispose {
  let stop: Dispose | void;
  let stopped = false;
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const known = TABS.find(([key]) => key === tab) ?? TABS[0];
  fill(
    root,
    h('p', {}, h('a', { href: '#/' }, '← Sandboxes')),
    h('h2', { id: 'sandbox-title' }, id),
    h(
      'nav',
      { class: 'tabs', 'aria-label': 'Sandbox' },
      TABS.map(([key, label]) => h('a', { href: sandboxHref(id, key), 'aria-current': key === known[0] ? 'page' : null }, label)),
    ),
    body,
  );
  control<Sandbox>('GET', sandboxPath(id)).then(
    (sandbox) => {
      if (stopped) return;
      fill(document.getElementById('sandbox-title')!, sandbox.name, ' ', h('code', { class: 'muted' }, sandbox.id));
      document.title = `${sandbox.name}: ${known[1]} · Understudy console`;
      fill(body);
      stop = known[2](body, sandbox, rest);
    },
    (err: ApiError) => fill(body, notice('error', err.status === 404 ? `There is no sandbox '${id}' (deleted?).` : err.message)),
  );
  return () => {
    stopped = true;
    stop?.();
  };
}
