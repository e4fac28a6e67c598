import type { Db, Tx } from '../../core/db/engine.ts';
import type { SandboxScope } from '../../core/scope.ts';
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
 * The events of one request or job, sent to the sandbox's Comeback webhook with the
 * organization's token (comeback.txt "Authentication"). Each is written to the core outbox
 * inside the transaction of the change that causes it (ARCHITECTURE.md), so it exists exactly
 * when the change commits; the scope wakes the delivery worker after the commit.
 */
export class EventBatch {
  constructor(
    private readonly scope: SandboxScope,
    private readonly token: string,
  ) {}

  /** Whether anything will be sent (no webhook URL set: nothing is built or queued). */
  active(tx: Tx | Db): Promise<boolean> {
    return this.scope.hasWebhook(tx);
  }

  async emit(tx: Tx, type: 'customer:created' | 'customer:updated', data: CustomerView): Promise<void>;
  async emit(tx: Tx, type: 'customer-points:updated', data: PointsUpdated): Promise<void>;
  async emit(tx: Tx, type: 'promotion:applied', data: PromotionApplied): Promise<void>;
  async emit(tx: Tx, type: EventType, data: unknown): Promise<void> {
    if (!(await this.active(tx))) return;
    const at = iso(this.scope.now);
    // The document's samples name the time `created`, its table `eventTime`: both are sent.
    await this.scope.emit(tx, type, { type, created: at, eventTime: at, data }, { headers: { Authorization: this.token } });
  }
}
