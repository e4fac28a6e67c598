import type { Logger } from 'pino';
import type { DeliveryConfig } from '../config.ts';
import type { Db } from '../db/engine.ts';
import { Pump } from '../pump.ts';
import { claimDue, recordAttempt, type DeliveryRow } from './store.ts';

const BATCH = 16;

/** The delay before attempt n+1 after n failed attempts: backoff, doubling each time. */
export function retryDelayMs(config: Pick<DeliveryConfig, 'backoffMs'>, failedAttempts: number): number {
  return config.backoffMs * 2 ** Math.max(0, failedAttempts - 1);
}

/** A URL as logs may show it: a password in it replaced by `***`. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * Posts queued deliveries. Any node may run one: deliveries are leased, so a delivery
 * is attempted by one node at a time, and a lease left by a crashed node runs out.
 */
export class DeliveryWorker {
  private readonly pump: Pump;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly config: DeliveryConfig,
    private readonly log: Logger,
  ) {
    this.pump = new Pump(() => this.drain(), config.pollMs);
  }

  private get stopped(): boolean {
    return this.pump.stopped;
  }

  start(): void {
    this.pump.start();
  }

  /** Looks for due deliveries now (called after a transaction that queued one commits). */
  wake(): void {
    this.pump.wake();
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return;
        const due = await claimDue(this.db, Date.now(), this.config.leaseMs, BATCH);
        for (const d of due) this.track(this.deliver(d));
        if (due.length < BATCH) return;
        await Promise.all(this.inFlight);
      }
    } catch (err) {
      if (!this.stopped) this.log.error({ err }, 'delivery worker: claiming deliveries failed');
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async deliver(d: DeliveryRow): Promise<void> {
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Understudy-Webhooks/1', ...JSON.parse(d.headers) },
        body: d.payload,
        signal: AbortSignal.timeout(this.config.timeoutMs),
        redirect: 'manual',
      });
      statusCode = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      error = e.name === 'TimeoutError' ? `timed out after ${this.config.timeoutMs} ms` : (e.cause?.code ?? (e.cause as Error | undefined)?.message ?? e.message);
    }
    const ok = error === null;
    const attempts = d.attempts + 1;
    const now = Date.now();
    const nextAttemptAt = ok || attempts >= d.max_attempts ? null : now + retryDelayMs(this.config, attempts);
    try {
      await recordAttempt(this.db, d, { ok, statusCode, error, durationMs: now - started, atMs: now, nextAttemptAt });
    } catch (err) {
      this.log.error({ err, delivery: d.id }, 'delivery worker: recording an attempt failed');
    }
    if (ok) {
      this.log.debug({ delivery: d.id, url: d.url, statusCode }, 'delivery attempt');
      return;
    }
    // A receiver that fails is what a user needs to hear of: the URL (its password hidden) and the reason.
    const url = withoutPassword(d.url);
    const retry = nextAttemptAt === null ? 'no more attempts' : `attempt ${attempts} of ${d.max_attempts}, next at ${new Date(nextAttemptAt).toISOString()}`;
    this.log.warn(
      { delivery: d.id, sandbox: d.sandbox_id, dialect: d.dialect, event: d.event, url, reason: error!.replaceAll(d.url, url), statusCode, attempt: attempts, maxAttempts: d.max_attempts },
      `webhook delivery to ${url} failed: ${error!.replaceAll(d.url, url)} (${retry})`,
    );
  }

  /** Stops taking new work and waits for deliveries already under way. */
  async stop(): Promise<void> {
    await this.pump.stop();
    await Promise.all(this.inFlight);
  }
}
