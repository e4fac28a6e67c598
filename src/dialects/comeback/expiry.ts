import type { Tx } from '../../core/db/engine.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { lockCustomer } from './customer-store.ts';
import { Ledger } from './points.ts';
import { selectCustomerRef } from './points-store.ts';
import { selectOrganizationTokens } from './store.ts';
import { EventBatch } from './webhooks.ts';

/**
 * The scheduler's `expire-points` job: the customer's soonest points came due by the sandbox
 * clock, so its expired points are removed (each removal sends customer-points:updated) and the
 * next expiry is scheduled. Reads and writes of a customer settle expiry too; the customer lock
 * keeps the two from removing the same points twice.
 */
export async function expirePoints(s: SandboxScope, tx: Tx, customerId: string): Promise<void> {
  const ref = await selectCustomerRef(tx, s.sandboxId, customerId);
  if (!ref) return;
  if (!(await lockCustomer(tx, s.sandboxId, ref.organization_id, customerId))) return;
  const [token] = await selectOrganizationTokens(tx, s.sandboxId, ref.organization_id);
  await new Ledger(tx, s, customerId, new EventBatch(s, token ?? '')).balances();
}
