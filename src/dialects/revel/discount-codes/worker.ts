import type { Logger } from 'pino';
import type { Db } from '../../../core/db/engine.ts';
import type { DiscountCodes } from './model.ts';
import { selectDueRequests } from './store.ts';

const BATCH = 50;

/**
 * Processes pending EMS discount-code requests whose sandbox clock has reached their due
 * time, so that `callback_url` hears the outcome without anybody reading the codes. The
 * requests live in the database: a restart picks them up where they were.
 */
export class EmsCodeWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly codes: DiscountCodes,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass; a pass still running is not doubled. */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      const due = await selectDueRequests(this.db, Date.now(), BATCH);
      for (const r of due) await this.codes.process(r.sandbox_id, r.discount_id, r.now_ms);
    } catch (err) {
      if (this.timer) this.log.error({ err }, 'revel: processing EMS discount codes failed');
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
