import { control, sandboxPath } from '../api.ts';
import { BASE_PATHS } from '../dialects.ts';
import { confirmDialog, fill, h, notice } from '../dom.ts';
import type { Sandbox } from './sandboxes.ts';
import type { FaultRule } from '../../../core/faults.ts';


/** The fault rules as a table: edit, add, remove, save (the whole list replaces the old); how often each fired. */
export function faultsView(root: HTMLElement, sandbox: Sandbox): () => void {
  const base = sandboxPath(sandbox.id);
  const message = h('div', { 'aria-live': 'polite' });
  const tbody = h('tbody');
  let stopped = false;
  let dirty = false;

  function editor(rule: FaultRule, n: number): HTMLTableRowElement {
    const label = (what: string) => `Rule ${n + 1} ${what}`;
    const mark = () => (dirty = true);
    const dialect = h('select', { name: 'dialect', 'aria-label': label('dialect'), onchange: mark }, h('option', { value: '' }, 'any'), Object.keys(BASE_PATHS).map((d) => h('option', { value: d, selected: rule.dialect === d }, d)));
    const method = h('select', { name: 'method', 'aria-label': label('method'), onchange: mark }, h('option', { value: '' }, 'any'), ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => h('option', { value: m, selected: rule.method === m }, m)));
    const num = (name: string, value: number | undefined, attrs: Record<string, string | number> = {}) => h('input', { type: 'number', name, value: value ?? '', 'aria-label': label(name), class: 'num', oninput: mark, ...attrs });
    const body = h('textarea', { name: 'body', rows: 2, cols: 22, 'aria-label': label('body (JSON, or text)'), placeholder: "the vendor's own error", oninput: mark });
    body.value = rule.body === undefined ? '' : typeof rule.body === 'string' ? rule.body : JSON.stringify(rule.body);
    const remove = h('button', { type: 'button', class: 'danger', 'aria-label': label('remove'), onclick: () => (tr.remove(), (dirty = true), renumber()) }, 'Remove');
    const tr = h(
      'tr',
      { class: 'rule' },
      h('td', {}, dialect),
      h('td', {}, method),
      h('td', {}, h('input', { name: 'path', value: rule.path ?? '', placeholder: '/vouchers*', 'aria-label': label('path glob'), maxlength: 500, oninput: mark })),
      h('td', {}, num('status', rule.status, { min: 100, max: 599 })),
      h('td', {}, body),
      h('td', {}, num('delayMs', rule.delayMs, { min: 0, max: 120000 })),
      h('td', {}, num('probability', rule.probability, { min: 0, max: 1, step: 'any' })),
      h('td', {}, num('times', rule.times, { min: 1 })),
      h('td', { class: 'fired', 'data-fired': rule.fired ?? 0 }, String(rule.fired ?? 0)),
      h('td', {}, remove),
    );
    return tr;
  }
  const renumber = () => {
    if (!tbody.querySelector('tr.rule')) fill(tbody, h('tr', { class: 'empty' }, h('td', { colspan: 10, class: 'muted' }, 'No fault rules: every request reaches the vendor logic.')));
  };

  function read(): FaultRule[] {
    return Array.from(tbody.querySelectorAll('tr.rule'), (tr, i) => {
      const v = (name: string) => (tr.querySelector(`[name="${name}"]`) as HTMLInputElement).value.trim();
      const rule: FaultRule = {};
      if (v('dialect')) rule.dialect = v('dialect');
      if (v('method')) rule.method = v('method');
      if (v('path')) rule.path = v('path');
      for (const key of ['status', 'delayMs', 'probability', 'times'] as const) {
        if (v(key) === '') continue;
        const n = Number(v(key));
        if (!Number.isFinite(n)) throw new Error(`rule ${i + 1}: ${key} must be a number`);
        rule[key] = n;
      }
      const body = (tr.querySelector('[name="body"]') as HTMLTextAreaElement).value;
      if (body.trim() !== '') {
        try {
          rule.body = JSON.parse(body);
        } catch {
          rule.body = body;
        }
      }
      return rule;
    });
  }

  async function load(force = false): Promise<void> {
    if (dirty && !force) return;
    try {
      const { rules } = await control<{ rules: FaultRule[] }>('GET', `${base}/faults`);
      if (stopped || (dirty && !force)) return;
      dirty = false;
      fill(tbody, rules.map(editor));
      renumber();
    } catch (err) {
      fill(message, notice('error', (err as Error).message));
    }
  }
  async function save(): Promise<void> {
    try {
      const { rules } = await control<{ rules: FaultRule[] }>('PUT', `${base}/faults`, { rules: read() });
      dirty = false;
      fill(message, notice('ok', `${rules.length} ${rules.length === 1 ? 'rule' : 'rules'} in place.`));
      await load(true);
    } catch (err) {
      fill(message, notice('error', (err as Error).message));
    }
  }
  const add = () => {
    tbody.querySelector('tr.empty')?.remove();
    const tr = editor({}, tbody.querySelectorAll('tr.rule').length);
    tbody.append(tr);
    dirty = true;
    (tr.querySelector('select') as HTMLElement).focus();
  };
  const clear = async () => {
    if (!(await confirmDialog('Remove every fault rule of this sandbox?', 'Remove all'))) return;
    try {
      await control('DELETE', `${base}/faults`);
      dirty = false;
      fill(message, notice('ok', 'No fault rules.'));
      await load(true);
    } catch (err) {
      fill(message, notice('error', (err as Error).message));
    }
  };

  fill(
    root,
    message,
    h(
      'section',
      { class: 'panel' },
      h('h3', {}, 'Fault rules'),
      h('p', { class: 'muted' }, 'Tried in order before the vendor logic; the first that matches (and passes its probability) fires. A rule with only a delay delays the request, which then goes on; a body without a status answers 500; no body: the vendor’s own error shape with the rule’s status. Times: how many more times it fires.'),
      h(
        'div',
        { class: 'scroll' },
        h(
          'table',
          { 'aria-label': 'Fault rules', id: 'faults' },
          h('thead', {}, h('tr', {}, ['Dialect', 'Method', 'Path', 'Status', 'Body', 'Delay ms', 'Probability', 'Times', 'Fired', ''].map((t) => h('th', {}, t || h('span', { class: 'sr-only' }, 'Actions'))))),
          tbody,
        ),
      ),
      h('div', { class: 'row gap-top' }, h('button', { type: 'button', onclick: add }, 'Add rule'), h('button', { type: 'button', class: 'primary', onclick: save }, 'Save rules'), h('button', { type: 'button', class: 'danger', onclick: clear }, 'Remove all'), h('button', { type: 'button', onclick: () => load(true) }, 'Reload')),
    ),
  );
  load(true);
  const timer = setInterval(() => load(), 3000);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
