import { Type, type TObject } from 'typebox';
import type { DialectDefinition } from '../dialect.ts';
import { systemRandom } from '../random.ts';
import type { CredentialRow } from './store.ts';

/** A sandbox's credentials: one object per dialect (CONTRACT.md, "The credentials object"). */
export type Credentials = Record<string, Record<string, string>>;

/**
 * The credentials of every dialect, composed from each dialect's own credential spec: the
 * schema of the sandbox's `credentials`, the demo values, new random ones, and how they are
 * stored and read back.
 */
export class CredentialSet {
  constructor(private readonly dialects: readonly DialectDefinition<any>[]) {}

  schema(): TObject {
    return Type.Object(Object.fromEntries(this.dialects.map((d) => [d.name, d.credentials.schema])));
  }

  demo(): Credentials {
    return Object.fromEntries(this.dialects.map((d) => [d.name, { ...d.credentials.demo }]));
  }

  random(): Credentials {
    return Object.fromEntries(this.dialects.map((d) => [d.name, d.credentials.random(systemRandom)]));
  }

  rows(c: Credentials): CredentialRow[] {
    return this.dialects.flatMap((d) => d.credentials.rows(c[d.name]).map((r) => ({ ...r, dialect: d.name })));
  }

  fromRows(rows: CredentialRow[]): Credentials {
    return Object.fromEntries(
      this.dialects.map((d) => {
        const own = rows.filter((r) => r.dialect === d.name && r.isPrimary !== false);
        if (own.length === 0) throw new Error(`sandbox has no ${d.name} credential`);
        return [d.name, d.credentials.fromRows(own)];
      }),
    );
  }

  /** Every header, parameter and field name that carries a credential in any dialect (lower case). */
  sensitiveNames(): Set<string> {
    return new Set(this.dialects.flatMap((d) => d.credentials.sensitive.map((n) => n.toLowerCase())));
  }
}
