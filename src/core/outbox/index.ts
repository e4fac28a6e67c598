import type { Logger } from 'pino';
import type { DeliveryConfig } from '../config.ts';
import type { Db, Tx } from '../db/engine.ts';
import { enqueueDelivery, listDeliveries, scheduleRetry, type NewDelivery } from './store.ts';
import { DeliveryWorker } from './worker.ts';

/** The webhook/callback outbox: queue in the business transaction, deliver after commit. */
export class Outbox {
  readonly worker: DeliveryWorker;

  constructor(
    private readonly db: Db,
    private readonly config: DeliveryConfig,
    log: Logger,
  ) {
    this.worker = new DeliveryWorker(db, config, log);
  }

  /** Call inside the transaction of the change; call `wake()` once it has committed. */
  enqueue(tx: Tx, delivery: NewDelivery): Promise<number | null> {
    return enqueueDelivery(tx, delivery, this.config.maxAttempts, Date.now());
  }

  wake(): void {
    this.worker.wake();
  }

  list(sandboxId: string) {
    return listDeliveries(this.db, sandboxId);
  }

  async retry(sandboxId: string, id: number): Promise<boolean> {
    const found = await scheduleRetry(this.db, sandboxId, id, Date.now());
    if (found) this.wake();
    return found;
  }
}
