import type { Tx } from '../../core/db/engine.ts';
import type { SandboxScope } from '../../core/scope.ts';
import {
  creditBalances,
  debitBalance,
  emptyLots,
  insertLots,
  selectBalances,
  selectExpiredLots,
  selectLiveLots,
  settleBalance,
  takeFromLot,
  type BalanceRow,
} from './points-store.ts';
import type { PointTypeRow } from './store.ts';
import type { EventBatch } from './webhooks.ts';

const DAY_MS = 86_400_000;
/** The scheduler's job that settles a customer's expired points (its key: the customer id). */
export const EXPIRE_POINTS_JOB = 'expire-points';
const LOT_BATCH = 100;

/**
 * The points ledger of one customer. Callers hold the customer's row lock (`lockCustomer`)
 * for the whole transaction, so every step below sees the ledger as the last committed
 * change left it. Balances are per point type; each earning is a lot that expires
 * `expirationDays` after it was earned (by the sandbox clock) and is spent oldest first.
 */
export class Ledger {
  private settled = false;

  private readonly sandboxId: string;
  private readonly nowMs: number;

  constructor(
    private readonly tx: Tx,
    private readonly scope: SandboxScope,
    private readonly customerId: string,
    private readonly events: EventBatch,
  ) {
    this.sandboxId = scope.sandboxId;
    this.nowMs = scope.now;
  }

  /** The scheduler wakes the customer's points when the soonest of them expires (README: expiry). */
  private async scheduleExpiry(expiresAt: number | null): Promise<void> {
    if (expiresAt !== null) await this.scope.schedule(this.tx, EXPIRE_POINTS_JOB, this.customerId, expiresAt, { keep: 'earliest' });
  }

  /** The customer's balances, after removing every point whose expiry has come. */
  async balances(): Promise<BalanceRow[]> {
    this.settled = true;
    const rows = await selectBalances(this.tx, this.sandboxId, [this.customerId]);
    let expired = false;
    for (const b of rows) {
      if (b.next_expiry_at !== null && Number(b.next_expiry_at) <= this.nowMs) {
        await this.expire(b.point_type_id);
        expired = true;
      }
    }
    if (!expired) return rows;
    const after = await selectBalances(this.tx, this.sandboxId, [this.customerId]);
    const next = after.map((b) => (b.next_expiry_at === null ? Infinity : Number(b.next_expiry_at))).reduce((a, b) => Math.min(a, b), Infinity);
    await this.scheduleExpiry(Number.isFinite(next) ? next : null);
    return after;
  }

  /** Expiry is a points change like any other: it sends customer-points:updated (no location). */
  private async expire(pointTypeId: string): Promise<void> {
    const lots = await selectExpiredLots(this.tx, this.sandboxId, this.customerId, pointTypeId, this.nowMs);
    const total = lots.reduce((s, l) => s + l.remaining, 0);
    await emptyLots(this.tx, lots.map((l) => l.id));
    const after = await settleBalance(this.tx, this.sandboxId, this.customerId, pointTypeId, total);
    if (total > 0) {
      await this.events.emit(this.tx, 'customer-points:updated', {
        customerId: this.customerId,
        locationId: null,
        addedPoints: -total,
        newPointsValue: after,
        pointTypeId,
      });
    }
  }

  /**
   * Takes `points` off the balance, oldest lots first. The balance moves in one conditional
   * statement (never below zero); undefined when it does not cover them, with nothing changed.
   */
  async spend(pointTypeId: string, points: number, locationId: string | null): Promise<number | undefined> {
    if (!(points > 0)) throw new Error(`spend needs a positive number of points, got ${points}`);
    if (!this.settled) await this.balances();
    const after = await debitBalance(this.tx, this.sandboxId, this.customerId, pointTypeId, points);
    if (after === undefined) return undefined;
    // Oldest lots first, a batch at a time: a customer may hold many live lots.
    let left = points;
    let drainedAny = false;
    while (left > 0) {
      const lots = await selectLiveLots(this.tx, this.sandboxId, this.customerId, pointTypeId, this.nowMs, Math.min(left, LOT_BATCH));
      if (lots.length === 0) throw new Error(`the lots of ${this.customerId}/${pointTypeId} do not cover its balance`);
      const drained: number[] = [];
      for (const lot of lots) {
        if (left === 0) break;
        if (lot.remaining <= left) {
          drained.push(lot.id);
          left -= lot.remaining;
        } else {
          if (!(await takeFromLot(this.tx, lot.id, left))) throw new Error(`point lot ${lot.id} changed under the customer lock`);
          left = 0;
        }
      }
      await emptyLots(this.tx, drained);
      drainedAny ||= drained.length > 0;
    }
    if (drainedAny) await settleBalance(this.tx, this.sandboxId, this.customerId, pointTypeId, 0);
    await this.events.emit(this.tx, 'customer-points:updated', {
      customerId: this.customerId,
      locationId,
      addedPoints: -points,
      newPointsValue: after,
      pointTypeId,
    });
    return after;
  }

  /** Adds a lot earned now per point type (one statement for the lots, one for the balances). */
  async earn(earnings: Array<{ pointType: PointTypeRow; points: number }>, locationId: string | null): Promise<void> {
    if (earnings.length === 0) return;
    if (!this.settled) await this.balances();
    const credits = earnings.map(({ pointType, points }) => {
      const days = pointType.expiration_days === null ? null : Number(pointType.expiration_days);
      return { pointTypeId: pointType.id, points, expiresAt: days === null ? null : this.nowMs + days * DAY_MS };
    });
    await insertLots(
      this.tx,
      credits.map((c) => ({
        sandbox_id: this.sandboxId,
        customer_id: this.customerId,
        point_type_id: c.pointTypeId,
        earned_at: this.nowMs,
        expires_at: c.expiresAt,
        amount: c.points,
        remaining: c.points,
      })),
    );
    const after = await creditBalances(this.tx, this.sandboxId, this.customerId, credits);
    const soonest = credits.map((c) => c.expiresAt ?? Infinity).reduce((a, b) => Math.min(a, b), Infinity);
    await this.scheduleExpiry(Number.isFinite(soonest) ? soonest : null);
    for (const c of credits) {
      await this.events.emit(this.tx, 'customer-points:updated', {
        customerId: this.customerId,
        locationId,
        addedPoints: c.points,
        newPointsValue: after.get(c.pointTypeId)!,
        pointTypeId: c.pointTypeId,
      });
    }
  }
}

/** The organization's earning rule: per point type, one point per `cents_per_point` of the amount. */
export function earnedPoints(pointTypes: PointTypeRow[], amount: number): Array<{ pointType: PointTypeRow; points: number }> {
  const out = [];
  for (const t of pointTypes) {
    const per = t.cents_per_point === null ? 0 : Number(t.cents_per_point);
    if (per <= 0) continue;
    const points = Math.floor(amount / per);
    if (points > 0) out.push({ pointType: t, points });
  }
  return out;
}
