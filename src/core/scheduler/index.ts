import type { Logger } from 'pino';
import { sandboxNow } from '../clock.ts';
import type { Db, Tx } from '../db/engine.ts';
import type { SandboxScope } from '../scope.ts';
import type { ScopeFactory } from '../scope.ts';
import { Pump } from '../pump.ts';
import { contextOf } from '../sandboxes/store.ts';
import { markFailed, selectDue, selectTimers, takeTimer, type DueTimer } from './store.ts';

export type Job = (s: SandboxScope, tx: Tx, key: string) => Promise<void>;

export interface TimerView {
  dialect: string;
  job: string;
  key: string;
  dueAt: string;
  /** Whether the sandbox clock has reached it. */
  due: boolean;
  failures: number;
}

const BATCH = 100;
const MAX_RETRY_MS = 60_000;

/**
 * Time-driven work on the sandbox clock: one table of timers (core/scheduler/store.ts) and this
 * one worker, for every dialect's jobs. A job runs at least once, inside a sandbox transaction
 * that deletes its timer: if it fails, the timer stays and is tried again after a backoff. Timers
 * live in the database, so they survive restarts, move with the sandbox clock, are copied by
 * snapshots and cleared by reset. Several nodes may run it: taking a timer is one DELETE.
 */
export class Scheduler {
  private readonly jobs = new Map<string, Job>();
  private readonly pump: Pump;

  constructor(
    private readonly db: Db,
    private readonly scopes: () => ScopeFactory,
    private readonly log: Logger,
    pollMs: number,
  ) {
    this.pump = new Pump(() => this.pass(), pollMs);
  }

  private get stopped(): boolean {
    return this.pump.stopped;
  }

  register(dialect: string, name: string, job: Job): void {
    this.jobs.set(`${dialect}\u0000${name}`, job);
  }

  start(): void {
    this.pump.start();
  }

  /** Looks for due timers now (after a timer was set, or a sandbox clock moved). */
  wake(): void {
    this.pump.wake();
  }

  private async pass(sandboxId?: string): Promise<number> {
    let ran = 0;
    try {
      for (;;) {
        if (this.stopped && sandboxId === undefined) return ran;
        const due = await selectDue(this.db, Date.now(), BATCH, sandboxId);
        for (const t of due) if (await this.run(t)) ran++;
        if (due.length < BATCH) return ran;
      }
    } catch (err) {
      if (!this.stopped) this.log.error({ err }, 'scheduler: looking for due timers failed');
      return ran;
    }
  }

  /** Every timer of the sandbox that is due by its clock, now (the control API's `timers/run`). */
  async runDue(sandboxId: string): Promise<number> {
    return this.pass(sandboxId);
  }

  private async run(t: DueTimer): Promise<boolean> {
    const job = this.jobs.get(`${t.dialect}\u0000${t.job}`);
    if (!job) {
      this.log.warn({ dialect: t.dialect, job: t.job }, 'scheduler: a timer names a job no dialect declares');
      await markFailed(this.db, t, Date.now() + MAX_RETRY_MS);
      return false;
    }
    const sandbox = contextOf({ ...t, id: t.sandbox_id });
    const scope = this.scopes().create({ dialect: t.dialect, sandbox, stream: `job:${t.job}:${t.key}:${t.due_at}` });
    try {
      return await scope.tx(async (tx) => {
        if (!(await takeTimer(tx, t))) return false;
        await job(scope, tx, t.key);
        return true;
      });
    } catch (err) {
      const delay = Math.min(MAX_RETRY_MS, 1000 * 2 ** Math.min(t.failures, 6));
      this.log.error({ err, sandbox: t.sandbox_id, dialect: t.dialect, job: t.job, key: t.key }, 'scheduler: a job failed; it will run again');
      await markFailed(this.db, t, Date.now() + delay).catch(() => undefined);
      return false;
    }
  }

  async list(sandboxId: string, clock: Parameters<typeof sandboxNow>[0]): Promise<TimerView[]> {
    const now = sandboxNow(clock);
    return (await selectTimers(this.db, sandboxId)).map((t) => ({
      dialect: t.dialect,
      job: t.job,
      key: t.key,
      dueAt: new Date(t.due_at).toISOString(),
      due: t.due_at <= now,
      failures: t.failures,
    }));
  }

  /** Stops looking for timers and waits for a pass under way (before the database closes). */
  stop(): Promise<void> {
    return this.pump.stop();
  }
}
