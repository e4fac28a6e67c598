import type { SandboxContext } from './store.ts';

/**
 * Credential → sandbox context (id, clock, fault-rule count), kept in memory so a vendor
 * request does not pay a database lookup for its credential. Emptied by every control-plane
 * write (clock, faults, delete, reset …) before that write answers. Only for SQLite, where
 * one process owns the database; on PostgreSQL several stateless nodes share it, so the
 * cache is off and every request reads the current state.
 */
export class SandboxContextCache {
  private readonly entries = new Map<string, SandboxContext>();

  constructor(
    readonly enabled: boolean,
    private readonly max = 10_000,
  ) {}

  get(dialect: string, key: string): SandboxContext | undefined {
    return this.enabled ? this.entries.get(`${dialect}\u0000${key}`) : undefined;
  }

  set(dialect: string, key: string, ctx: SandboxContext): void {
    if (!this.enabled) return;
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(`${dialect}\u0000${key}`, ctx);
  }

  clear(): void {
    this.entries.clear();
  }
}
