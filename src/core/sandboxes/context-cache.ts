import type { CredentialMatch } from './store.ts';

/** A map that forgets everything once it holds `max` entries (a cache of lookups, not state). */
class Bounded<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, value);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

const keyOf = (dialect: string, kind: string, key: string) => `${dialect}\u0000${kind}\u0000${key}`;

/**
 * Credential → sandbox context (id, clock, fault-rule count, seed, signing key), and issued
 * token → its subject, kept in memory so a vendor request does not pay a database lookup for
 * its credential. Emptied by every control-plane write (clock, faults, delete, reset …) before
 * that write answers; a revoked token is evicted when it is revoked. Only for SQLite, where one
 * process owns the database; on PostgreSQL several stateless nodes share it, so the cache is off
 * and every request reads the current state.
 */
export class SandboxContextCache {
  private readonly credentials: Bounded<CredentialMatch>;
  private readonly tokens: Bounded<unknown>;

  constructor(
    readonly enabled: boolean,
    max = 10_000,
  ) {
    this.credentials = new Bounded(max);
    this.tokens = new Bounded(max);
  }

  get(dialect: string, kind: string, key: string): CredentialMatch | undefined {
    return this.enabled ? this.credentials.get(keyOf(dialect, kind, key)) : undefined;
  }

  set(dialect: string, kind: string, key: string, match: CredentialMatch): void {
    if (this.enabled) this.credentials.set(keyOf(dialect, kind, key), match);
  }

  getToken(dialect: string, kind: string, key: string): unknown {
    return this.enabled ? this.tokens.get(keyOf(dialect, kind, key)) : undefined;
  }

  setToken(dialect: string, kind: string, key: string, value: unknown): void {
    if (this.enabled) this.tokens.set(keyOf(dialect, kind, key), value);
  }

  deleteToken(dialect: string, kind: string, key: string): void {
    this.tokens.delete(keyOf(dialect, kind, key));
  }

  clear(): void {
    this.credentials.clear();
    this.tokens.clear();
  }
}
