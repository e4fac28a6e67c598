import { control, sandboxPath } from '../api.ts';
import { field, fill, h, notice, time } from '../dom.ts';
import type { Sandbox } from './sandboxes.ts';
import type { Static } from 'typebox';
import type { Clock as ClockSchema, Timer as TimerSchema } from '../../../control/schemas.ts';

type Clock = Static<typeof ClockSchema>;
type Timer = Static<typeof TimerSchema>;

/** The sandbox clock, ticking; set, advance, freeze, back to real time; the pending timers. */
export function clockView(root: HTMLElement, sandbox: Sandbox): () => void {
  const base = sandboxPath(sandbox.id);
  const now = h('div', { class: 'clock-now', id: 'clock-now', 'aria-live': 'off' }, '…');
  const state = h('p', { class: 'muted', id: 'clock-state' });
  const message = h('div', { 'aria-live': 'polite' });
  const timers = h('div');
  let clock: Clock | null = null;
  let readAt = 0;
  let stopped = false;

  const tick = () => {
    if (!clock) return;
    const at = new Date(new Date(clock.now).getTime() + (clock.frozen ? 0 : Date.now() - readAt));
    now.textContent = time(at.toISOString());
    now.setAttribute('data-now', at.toISOString());
  };
  const shown = (c: Clock) => {
    clock = c;
    readAt = Date.now();
    const offset = Math.round((new Date(c.now).getTime() - Date.now()) / 1000);
    fill(state, c.frozen ? 'Frozen: it moves only when you move it.' : Math.abs(offset) < 2 ? 'Running at real time.' : `Running, ${offset > 0 ? 'ahead of' : 'behind'} real time by ${Math.abs(offset)} s.`);
    freeze.textContent = c.frozen ? 'Unfreeze' : 'Freeze';
    freeze.setAttribute('aria-pressed', String(c.frozen));
    tick();
  };
  async function change(method: 'PUT' | 'DELETE', body?: object, said?: string): Promise<void> {
    try {
      shown(await control<Clock>(method, `${base}/clock`, body));
      if (said) fill(message, notice('ok', said));
      loadTimers();
    } catch (err) {
      fill(message, notice('error', (err as Error).message));
    }
  }
  async function loadClock(): Promise<void> {
    try {
      const c = await control<Clock>('GET', `${base}/clock`);
      if (!stopped) shown(c);
    } catch (err) {
      fill(message, notice('error', (err as Error).message));
    }
  }
  async function loadTimers(): Promise<void> {
    try {
      const { timers: list } = await control<{ timers: Timer[] }>('GET', `${base}/timers`);
      if (stopped) return;
      fill(
        timers,
        list.length === 0
          ? h('p', { class: 'muted' }, 'No pending timers.')
          : h(
              'table',
              { 'aria-label': 'Pending timers' },
              h('thead', {}, h('tr', {}, h('th', {}, 'Fires at (sandbox time)'), h('th', {}, 'Dialect'), h('th', {}, 'Job'), h('th', {}, 'Key'), h('th', {}, 'Due'))),
              h('tbody', {}, list.map((t) => h('tr', {}, h('td', {}, time(t.dueAt)), h('td', {}, t.dialect), h('td', {}, t.job), h('td', {}, h('code', {}, t.key)), h('td', {}, t.due ? 'due now' : 'later')))),
            ),
      );
    } catch (err) {
      fill(message, notice('error', (err as Error).message));
    }
  }

  const advance = (seconds: number, label: string) => h('button', { type: 'button', onclick: () => change('PUT', { advanceSeconds: seconds }, `Advanced ${label}.`) }, `+${label}`);
  const freeze = h('button', { type: 'button', 'aria-pressed': 'false', onclick: () => change('PUT', { frozen: !clock?.frozen }) }, 'Freeze');
  const amount = h('input', { type: 'number', name: 'amount', value: '15', step: 'any', class: 'num' });
  const unit = h(
    'select',
    { name: 'unit' },
    [
      ['1', 'seconds'],
      ['60', 'minutes'],
      ['3600', 'hours'],
      ['86400', 'days'],
    ].map(([v, l]) => h('option', { value: v, selected: l === 'minutes' }, l)),
  );
  const custom = h('form', { class: 'row', 'aria-label': 'Advance by an amount' }, field('Amount', amount), field('Unit', unit), h('button', { type: 'submit' }, 'Advance'));
  custom.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const seconds = Number(amount.value) * Number(unit.value);
    if (!Number.isFinite(seconds)) return fill(message, notice('error', 'The amount must be a number.'));
    change('PUT', { advanceSeconds: seconds }, `Advanced ${amount.value} ${unit.selectedOptions[0].textContent}.`);
  });
  const at = h('input', { type: 'datetime-local', name: 'now', step: '1' });
  const set = h('form', { class: 'row', 'aria-label': 'Set the clock' }, field('Set to (your local time)', at), h('button', { type: 'submit' }, 'Set'));
  set.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const d = new Date(at.value);
    if (!at.value || Number.isNaN(d.getTime())) return fill(message, notice('error', 'Choose a date and time.'));
    change('PUT', { now: d.toISOString() }, `Set to ${time(d.toISOString())}.`);
  });
  const real = h('button', { type: 'button', onclick: () => change('DELETE', undefined, 'Back to real time.') }, 'Back to real time');
  const runDue = h('button', {
    type: 'button',
    onclick: async () => {
      try {
        const { ran } = await control<{ ran: number }>('POST', `${base}/timers/run`);
        fill(message, notice('ok', `${ran} due ${ran === 1 ? 'timer' : 'timers'} ran.`));
        loadTimers();
      } catch (err) {
        fill(message, notice('error', (err as Error).message));
      }
    },
  }, 'Run due timers now');

  fill(
    root,
    message,
    h(
      'section',
      { class: 'panel' },
      h('h3', {}, 'Sandbox time (UTC)'),
      now,
      state,
      h('div', { class: 'row', role: 'group', 'aria-label': 'Advance the clock' }, advance(3600, '1 hour'), advance(86_400, '1 day'), advance(30 * 86_400, '30 days'), freeze, real),
      h('div', { class: 'gap-top' }, custom),
      h('div', { class: 'gap-top' }, set),
    ),
    h('section', { class: 'panel' }, h('div', { class: 'row' }, h('h3', {}, 'Pending timers'), runDue), timers),
  );
  loadClock();
  loadTimers();
  const ticker = setInterval(tick, 1000);
  const sync = setInterval(() => (loadClock(), loadTimers()), 10_000);
  return () => {
    stopped = true;
    clearInterval(ticker);
    clearInterval(sync);
  };
}
