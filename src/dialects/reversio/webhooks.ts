import type { Tx } from '../../core/db/engine.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { iso } from './views.ts';

/** The entities and triggers of Revers.io's webhook subscriptions. */
export type Entity = 'Order' | 'File';
export type Trigger = 'Create' | 'Update';

/**
 * One event to the sandbox's `reversio` webhook, written to the core outbox in the transaction
 * of its change (so it exists exactly when the change commits). The payload (Understudy's
 * choice, the document prints none): `{"id", "entity", "trigger", "entityId", "occurredAt",
 * "data"}`, `data` being the order or the file as the API shows it. The outbox event is
 * `Order.Create`, `File.Create` or `File.Update`.
 */
export async function emitEvent(s: SandboxScope, tx: Tx, entity: Entity, trigger: Trigger, entityId: string, data: unknown): Promise<void> {
  if (!(await s.hasWebhook(tx))) return;
  await s.emit(tx, `${entity}.${trigger}`, { id: s.random.uuid(), entity, trigger, entityId, occurredAt: iso(s.now), data });
}
