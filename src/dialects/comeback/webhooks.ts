import type { Db, Tx } from '../../core/db/engine.ts';
import type { Outbox } from '../../core/outbox/index.ts';
import { webhookUrl } from '../../core/outbox/store.ts';
import { iso, type CustomerView } from './views.ts';

/** comeback.txt "Webhooks": the event types. */
export type EventType = 'customer:created' | 'customer:updated' | 'customer-points:updated' | 'promotion:applied';

export interface PointsUpdated {
  customerId: string;
  locationId: string | null;
  addedPoints: number;
  newPointsValue: number;
  pointTypeId: string;
}

export interface PromotionApplied {
  customerId: string;
  promotionId: string;
}

/**
 * The events of one transaction. Each is written to the core outbox inside the transaction
 * of the change that causes it (ARCHITECTURE.md), so it exists exactly when the change commits.
 */
export class EventBatch {
  private url: string | undefined | null = null;
  queued = 0;

  constructor(
    private readonly outbox: Outbox,
    private readonly sandboxId: string,
    /** The organization's token: webhooks carry the same `Authorization` header (comeback.txt "Authentication"). */
    private readonly token: string,
    private readonly nowMs: number,
  ) {}

  /** Whether anything will be sent (no webhook URL set: nothing is built or queued). */
  async active(tx: Tx | Db): Promise<boolean> {
    if (this.url === null) this.url = await webhookUrl(tx, this.sandboxId, 'comeback');
    return this.url !== undefined;
  }

  async emit(tx: Tx, type: 'customer:created' | 'customer:updated', data: CustomerView): Promise<void>;
  async emit(tx: Tx, type: 'customer-points:updated', data: PointsUpdated): Promise<void>;
  async emit(tx: Tx, type: 'promotion:applied', data: PromotionApplied): Promise<void>;
  async emit(tx: Tx, type: EventType, data: unknown): Promise<void> {
    if (!(await this.active(tx))) return;
    const at = iso(this.nowMs);
    // The document's samples name the time `created`, its table `eventTime`: both are sent.
    const payload = { type, created: at, eventTime: at, data };
    const id = await this.outbox.enqueue(tx, {
      sandboxId: this.sandboxId,
      dialect: 'comeback',
      event: type,
      url: this.url!,
      payload,
      headers: { Authorization: this.token },
    });
    if (id !== null) this.queued++;
  }

  /** After commit: let the delivery worker post what was queued. */
  flush(): void {
    if (this.queued > 0) this.outbox.wake();
    this.queued = 0;
  }
}
