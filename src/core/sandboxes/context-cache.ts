import type { CredentialMatch } from './store.ts';

/**
 * Credential → sandbox context (id, clock, fault-rule count, seed, signing key), and issued
 * token → its subject, kept in memory so a vendor request does not pay a database lookup for
 * its credential. Emptied by every control-plane write (clock, faults, delete, reset …) before
 * that write answers; a revoked token is evicted when it is revoked. Only for SQLite, where one
 * process owns the database; on PostgreSQL several stateless nodes share it, so the cache is off
 * and every request reads the current state.
 */
export class SandboxContextCache {
  private readonly entries = new Map<string, CredentialMatch>();
  private readonly tokens = new Map<string, unknown>();

  constructor(
    readonly enabled: boolean,
    private readonly max = 10_000,
  ) {}

  get(dialect: string, kind: string, key: string): CredentialMatch | undefined {
    return this.enabled ? this.entries.get(`${dialect}\u0000${kind}\u0000${key}`) : undefined;
  }

  set(dialect: string, kind: string, key: string, match: CredentialMatch): void {
    if (!this.enabled) return;
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(`${dialect}\u0000${kind}\u0000${key}`, match);
  }

  getToken(dialect: string, kind: string, key: string): unknown {
    return this.enabled ? this.tokens.get(`${dialect}\u0000${kind}\u0000${key}`) : undefined;
  }

  setToken(dialect: string, kind: string, key: string, value: unknown): void {
    if (!this.enabled) return;
    if (this.tokens.size >= this.max) this.tokens.clear();
    this.tokens.set(`${dialect}\u0000${kind}\u0000${key}`, value);
  }

  deleteToken(dialect: string, kind: string, key: string): void {
    this.tokens.delete(`${dialect}\u0000${kind}\u0000${key}`);
  }

  clear(): void {
    this.entries.clear();
    this.tokens.clear();
  }
}
