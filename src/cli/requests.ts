import type { Command } from 'commander';
import { contextOf } from './context.ts';
import { positiveInteger } from './duration.ts';
import { seg, type Control } from './http.ts';
import { table, type Cell } from './output.ts';
import type { JournalRecord } from '../client/types.ts';

/** A journal entry as the control API lists it (its schema's type). */
type Entry = JournalRecord;

const HEADERS = ['ID', 'AT', 'DIALECT', 'METHOD', 'PATH', 'STATUS', 'MS'];
const WIDTHS = [6, 24, 11, 7, 40, 6, 0];
const row = (e: Entry): Cell[] => [e.id, e.at, e.dialect, e.method, e.path, e.status, e.durationMs];
/** A followed line: fixed widths, as later lines cannot widen the columns of earlier ones. */
const line = (cells: Cell[]) =>
  cells
    .map((c, i) => String(c ?? '-').padEnd(WIDTHS[i]))
    .join('  ')
    .trimEnd();

/** How often `--follow` asks for newer entries. */
export const FOLLOW_POLL_MS = 250;

/** What the entries are filtered by (the journal's own query parameters). */
interface Filter {
  dialect?: string;
  method?: string;
  status?: string;
  path?: string;
}

function query(filter: Filter, limit: number, since?: number): string {
  const q = new URLSearchParams();
  for (const key of ['dialect', 'method', 'status', 'path'] as const) if (filter[key]) q.set(key, filter[key]);
  q.set('limit', String(limit));
  if (since !== undefined) q.set('since', String(since));
  return q.toString();
}

/**
 * The live tail: the newest `limit` entries, then every newer one (`since` = the last id seen),
 * oldest first, until SIGINT/SIGTERM. A poll asks for many, so a burst between two polls is not cut
 * (the server keeps the journal's limit at most).
 */
async function follow(control: Control, id: string, filter: Filter, limit: number, json: boolean): Promise<void> {
  let stopped = false;
  let wake: () => void = () => {};
  const stop = () => {
    stopped = true;
    wake();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const emit = (entries: Entry[]) => {
    for (const e of entries) process.stdout.write(`${json ? JSON.stringify(e) : line(row(e))}\n`);
  };
  const path = `/sandboxes/${seg(id)}/requests`;
  const first = await control.call<{ requests: Entry[] }>('GET', `${path}?${query(filter, limit)}`);
  if (!json) process.stdout.write(`${line(HEADERS)}\n`);
  let last = first.requests[0]?.id ?? 0;
  emit(first.requests.reverse());
  while (!stopped) {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, FOLLOW_POLL_MS);
    });
    if (stopped) break;
    const next = await control.call<{ requests: Entry[] }>('GET', `${path}?${query(filter, 100_000, last)}`);
    if (next.requests.length === 0) continue;
    last = next.requests[0].id;
    emit(next.requests.reverse());
  }
}

export function registerRequests(program: Command): void {
  program
    .command('requests')
    .description("a sandbox's request journal, oldest first (--follow: a live tail until Ctrl-C)")
    .argument('<id>', 'sandbox id')
    .option('--dialect <dialect>', 'only this dialect')
    .option('--method <method>', 'only this HTTP method (any case)')
    .option('--status <status>', 'only this status (404) or status class (4xx)')
    .option('--path <text>', 'only paths containing this text (ASCII letters in any case)')
    .option('--limit <n>', 'the newest N entries (default 20)', positiveInteger, 20)
    .option('-f, --follow', 'keep printing new entries until interrupted (with --json: one JSON object a line)')
    .action(async (id: string, opts: Filter & { limit: number; follow?: boolean }, cmd: Command) => {
      const { control, json } = contextOf(cmd);
      const filter: Filter = { dialect: opts.dialect, method: opts.method, status: opts.status, path: opts.path };
      if (opts.follow) return follow(control, id, filter, opts.limit, json);
      const answer = await control.call<{ requests: Entry[]; shed: number }>('GET', `/sandboxes/${seg(id)}/requests?${query(filter, opts.limit)}`);
      if (json) {
        process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${table(HEADERS, [...answer.requests].reverse().map(row), '(no requests)')}\n`);
      if (answer.shed) process.stdout.write(`(${answer.shed} entries were dropped unwritten under load)\n`);
    });
}
