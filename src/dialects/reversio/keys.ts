import type { Tx } from '../../core/db/engine.ts';
import { systemRandom } from '../../core/random.ts';
import { ensureCredential, sandboxCredentials } from '../../core/sandboxes/store.ts';
import { credentials, DEMO_SECOND_PAIR, type ReversioCredentials } from './credentials.ts';

export interface KeyPair extends ReversioCredentials {
  name: 'primary' | 'secondary';
}

/**
 * The sandbox's two subscription key / secret pairs (reversio.txt: "two Subscription Key / Api
 * Token pairs (to allow for easy rotations)"): the primary one of its `credentials`, and a second
 * one, fixed in the `demo` sandbox and random elsewhere (a credential: never from a seed). Made
 * when missing (a sandbox from before the second pair existed gets it here), kept by resets.
 */
export async function ensureKeyPairs(tx: Tx, sandboxId: string, isDemo: boolean): Promise<KeyPair[]> {
  const rows = await sandboxCredentials(tx, sandboxId, 'reversio', 'primary');
  if (rows.length < 2) {
    const second = isDemo ? DEMO_SECOND_PAIR : credentials.random(systemRandom);
    await ensureCredential(tx, sandboxId, 'reversio', { kind: 'primary', key: second.subscriptionKey, secret: second.secretValue });
    rows.push({ kind: 'primary', key: second.subscriptionKey, secret: second.secretValue });
  }
  return rows.slice(0, 2).map((r, i) => ({ name: i === 0 ? 'primary' : 'secondary', subscriptionKey: r.key, secretValue: r.secret ?? '' }));
}
