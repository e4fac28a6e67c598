import { Type } from 'typebox';
import type { CredentialSpec } from '../../core/dialect.ts';

export type ReversioCredentials = { subscriptionKey: string; secretValue: string };

/** CONTRACT.md: a subscription key and its secret value (the APIM gateway's pair). */
export const credentials: CredentialSpec<ReversioCredentials> = {
  schema: Type.Object({ subscriptionKey: Type.String(), secretValue: Type.String() }),
  demo: { subscriptionKey: 'demo-reversio-key', secretValue: 'demo-reversio-secret' },
  random: (random) => ({ subscriptionKey: random.hex(16), secretValue: random.hex(24) }),
  rows: (c) => [{ kind: 'primary', key: c.subscriptionKey, secret: c.secretValue }],
  fromRows: (rows) => ({ subscriptionKey: rows[0].key, secretValue: rows[0].secret ?? '' }),
  sensitive: ['Ocp-Apim-Subscription-Key', 'Ocp-Apim-Secret-Value', 'secret', 'Authorization'],
};
