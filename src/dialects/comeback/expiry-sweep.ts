import type { Logger } from 'pino';
import type { Db } from '../../core/db/engine.ts';
import type { Outbox } from '../../core/outbox/index.ts';
import { settleExpiry } from './model.ts';
import { selectCustomerRef, selectDueExpiries } from './points-store.ts';
import { selectOrganizationTokens } from './store.ts';

const BATCH = 100;

/**
 * Removes expired points without waiting for the customer to be read, so that
 * customer-points:updated for an expiry is sent soon after its time comes by the sandbox
 * clock (also after `PUT clock` jumps ahead). Reads and writes of a customer settle expiry
 * too; the customer lock makes the two never remove the same points twice.
 */
export class ExpirySweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
    private readonly sandboxNow: (sandboxId: string) => Promise<number>,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  tick(): Promise<void> {
    if (this.stopped || this.running) return this.running ?? Promise.resolve();
    this.running = this.sweep()
      .catch((err) => {
        if (!this.stopped) this.log.error({ err }, 'comeback: point expiry sweep failed');
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async sweep(): Promise<void> {
    const due = await selectDueExpiries(this.db, Date.now(), BATCH);
    for (const { sandbox_id: sandboxId, customer_id: customerId } of due) {
      if (this.stopped) return;
      const ref = await selectCustomerRef(this.db, sandboxId, customerId);
      if (!ref) continue;
      const [nowMs, tokens] = await Promise.all([this.sandboxNow(sandboxId), selectOrganizationTokens(this.db, sandboxId, ref.organization_id)]);
      await settleExpiry({ db: this.db, outbox: this.outbox, sandboxId, organizationId: ref.organization_id, token: tokens[0] ?? '', nowMs }, customerId);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
