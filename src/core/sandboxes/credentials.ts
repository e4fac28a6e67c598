import { randomBytes } from 'node:crypto';
import type { DialectName } from '../dialect.ts';

export interface Credentials {
  revel: { apiKey: string; apiSecret: string };
  intouch: { account: string; apiToken: string };
  touchoffice: { tak: string };
  comeback: { token: string };
  reversio: { subscriptionKey: string; secretValue: string };
}

/** CONTRACT.md, "The demo sandbox". */
export const DEMO_CREDENTIALS: Credentials = {
  revel: { apiKey: 'demo-revel-key', apiSecret: 'demo-revel-secret' },
  intouch: { account: 'demo', apiToken: 'demo-intouch-token' },
  touchoffice: { tak: 'DEMOTAK' },
  comeback: { token: 'demo-comeback-token' },
  reversio: { subscriptionKey: 'demo-reversio-key', secretValue: 'demo-reversio-secret' },
};

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

export function randomCredentials(): Credentials {
  const hex = (n: number) => randomBytes(n).toString('hex');
  return {
    revel: { apiKey: hex(16), apiSecret: hex(32) },
    intouch: { account: `acct-${randomFrom('abcdefghijkmnpqrstuvwxyz23456789', 8)}`, apiToken: hex(24) },
    // TouchOffice documents TAK as String(30).
    touchoffice: { tak: randomFrom(UPPER, 24) },
    comeback: { token: hex(20) },
    reversio: { subscriptionKey: hex(16), secretValue: hex(24) },
  };
}

/** A credential as stored: the key it is looked up by, and what else must match. */
export interface CredentialRow {
  dialect: DialectName;
  key: string;
  secret: string | null;
}

export function credentialRows(c: Credentials): CredentialRow[] {
  return [
    { dialect: 'revel', key: c.revel.apiKey, secret: c.revel.apiSecret },
    { dialect: 'intouch', key: c.intouch.apiToken, secret: c.intouch.account },
    { dialect: 'touchoffice', key: c.touchoffice.tak, secret: null },
    { dialect: 'comeback', key: c.comeback.token, secret: null },
    { dialect: 'reversio', key: c.reversio.subscriptionKey, secret: c.reversio.secretValue },
  ];
}

export function credentialsFromRows(rows: CredentialRow[]): Credentials {
  const by = (d: DialectName) => {
    const row = rows.find((r) => r.dialect === d);
    if (!row) throw new Error(`sandbox has no ${d} credential`);
    return row;
  };
  return {
    revel: { apiKey: by('revel').key, apiSecret: by('revel').secret ?? '' },
    intouch: { account: by('intouch').secret ?? '', apiToken: by('intouch').key },
    touchoffice: { tak: by('touchoffice').key },
    comeback: { token: by('comeback').key },
    reversio: { subscriptionKey: by('reversio').key, secretValue: by('reversio').secret ?? '' },
  };
}
