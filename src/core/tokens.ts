import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Db, Tx } from './db/engine.ts';
import { prepared } from './db/prepared.ts';
import type { SandboxContextCache } from './sandboxes/context-cache.ts';

export type JwtCheck = { ok: true; claims: JWTPayload } | { ok: false; reason: 'expired' | 'unknown' };

/** An issued opaque token, as found by its value. */
export interface IssuedToken {
  sandboxId: string;
  subject: string;
  expiresAt: number | null;
}

const tokenLookup = prepared((db, dialect: string, kind: string, token: string) =>
  db
    .selectFrom('issued_tokens')
    .select(['sandbox_id', 'subject', 'expires_at'])
    .where('dialect', '=', dialect)
    .where('kind', '=', kind)
    .where('token', '=', token),
);

/**
 * The tokens a sandbox issues: JWTs signed with the sandbox's own key whose `iat` and `exp` come
 * from the sandbox clock (and are checked against it), and opaque tokens stored by value (so
 * they can be found by value and kept out of the journal). Scopes wrap these so that every token
 * issued in a request is redacted from its journal entry (core/scope.ts).
 */
export class TokenService {
  private readonly keys = new Map<string, Uint8Array>();
  /** Claims of JWTs whose signature has been checked, by key and token: a signature stays good, only `exp` is read again. */
  private readonly verified = new Map<string, JWTPayload>();

  /** Told of every token issued in this process (the journal redacts it from then on). */
  onIssue: (sandboxId: string, token: string) => void = () => {};

  constructor(private readonly cache: SandboxContextCache) {}

  private key(signingKey: string): Uint8Array {
    let k = this.keys.get(signingKey);
    if (!k) {
      k = new TextEncoder().encode(signingKey);
      if (this.keys.size > 10_000) this.keys.clear();
      this.keys.set(signingKey, k);
    }
    return k;
  }

  async signJwt(signingKey: string, claims: JWTPayload, nowMs: number, ttlSeconds: number): Promise<string> {
    const iat = Math.floor(nowMs / 1000);
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(iat).setExpirationTime(iat + ttlSeconds).sign(this.key(signingKey));
  }

  /** A JWT signed with this key, not expired at `nowMs` by the sandbox clock. */
  async verifyJwt(signingKey: string, token: string, nowMs: number): Promise<JwtCheck> {
    const cacheKey = `${signingKey}\u0000${token}`;
    const known = this.verified.get(cacheKey);
    if (known) {
      // jose's rule: expired once `exp` is at or before now, in whole seconds.
      return typeof known.exp === 'number' && known.exp <= Math.floor(nowMs / 1000) ? { ok: false, reason: 'expired' } : { ok: true, claims: known };
    }
    try {
      const { payload } = await jwtVerify(token, this.key(signingKey), { algorithms: ['HS256'], currentDate: new Date(nowMs) });
      if (this.verified.size > 10_000) this.verified.clear();
      this.verified.set(cacheKey, payload);
      return { ok: true, claims: payload };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) return { ok: false, reason: 'expired' };
      return { ok: false, reason: 'unknown' };
    }
  }

  async issue(tx: Tx, t: { sandboxId: string; dialect: string; kind: string; token: string; subject: string; nowMs: number; expiresAt?: number | null }): Promise<void> {
    await tx
      .insertInto('issued_tokens')
      .values({ sandbox_id: t.sandboxId, dialect: t.dialect, kind: t.kind, token: t.token, subject: t.subject, created_at: t.nowMs, expires_at: t.expiresAt ?? null })
      .execute();
    this.onIssue(t.sandboxId, t.token);
  }

  /** The token of that value in a sandbox, if it was issued there and is not past its expiry. */
  async find(db: Db, sandboxId: string, dialect: string, kind: string, token: string, nowMs: number): Promise<IssuedToken | undefined> {
    const cacheKey = `${sandboxId}\u0000${token}`;
    let found = this.cache.getToken(dialect, kind, cacheKey) as IssuedToken | undefined;
    if (!found) {
      const row = (await tokenLookup(db, dialect, kind, token)).find((r) => r.sandbox_id === sandboxId);
      if (!row) return undefined;
      found = { sandboxId, subject: row.subject, expiresAt: row.expires_at === null ? null : Number(row.expires_at) };
      this.cache.setToken(dialect, kind, cacheKey, found);
    }
    return found.expiresAt !== null && found.expiresAt <= nowMs ? undefined : found;
  }

  /** Revokes one token (or every token of a subject), and forgets it in the credential cache. */
  async revoke(tx: Tx, t: { sandboxId: string; dialect: string; kind: string; token?: string; subject?: string }): Promise<number> {
    let q = tx.deleteFrom('issued_tokens').where('sandbox_id', '=', t.sandboxId).where('dialect', '=', t.dialect).where('kind', '=', t.kind);
    if (t.token !== undefined) q = q.where('token', '=', t.token);
    if (t.subject !== undefined) q = q.where('subject', '=', t.subject);
    const gone = await q.returning('token').execute();
    for (const r of gone) this.cache.deleteToken(t.dialect, t.kind, `${t.sandboxId}\u0000${r.token}`);
    return gone.length;
  }

  /** Every token a sandbox issued and still holds (the journal redacts them). */
  async valuesOf(db: Db, sandboxId: string): Promise<string[]> {
    const rows = await db.selectFrom('issued_tokens').select('token').where('sandbox_id', '=', sandboxId).execute();
    return rows.map((r) => r.token as string);
  }
}
