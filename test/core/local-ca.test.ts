import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localTls } from '../../src/core/tls/local-ca.ts';

/** The local CA of `serve --https` (core/tls/local-ca.ts): made once, reused while it fits. */
describe('local CA', () => {
  const NAMES = ['localhost', '*.localhost', 'revel.localhost', '127.0.0.1', '::1', '*.revelup.com', 'api.touchoffice.net'];
  const DAY = 24 * 3600 * 1000;
  const fresh = () => mkdtempSync(join(tmpdir(), 'understudy-ca-'));

  it('makes an EC P-256 CA and a server certificate it signed for every name', async () => {
    const dir = fresh();
    const tls = await localTls(dir, NAMES);
    expect(tls.made).toBe('ca');
    const ca = new X509Certificate(readFileSync(tls.caFile));
    const leaf = new X509Certificate(tls.cert);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca) && leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
    for (const host of ['localhost', 'revel.localhost', 'x.revelup.com', 'api.touchoffice.net']) expect(leaf.checkHost(host), host).toBeTruthy();
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkIP('::1')).toBeTruthy();
    expect(leaf.checkHost('api.comeback.es')).toBeUndefined();
    // Keys are for the owner only.
    expect(statSync(join(dir, 'ca-key.pem')).mode & 0o077).toBe(0);
    expect(statSync(join(dir, 'server.pem')).mode & 0o077).toBe(0);
  });

  it('reuses both while they fit; a new name or a certificate near its end gets a new certificate from the same CA', async () => {
    const dir = fresh();
    const first = await localTls(dir, NAMES);
    const again = await localTls(dir, NAMES);
    expect(again.made).toBe('nothing');
    expect(again.cert).toBe(first.cert);
    const more = await localTls(dir, [...NAMES, 'api.comeback.es']);
    expect(more.made).toBe('certificate');
    expect(more.caFingerprint).toBe(first.caFingerprint);
    expect(new X509Certificate(more.cert).checkHost('api.comeback.es')).toBe('api.comeback.es');
    // 395 days later the certificate (397 days) has less than a week left: a new one, same CA.
    const later = await localTls(dir, NAMES, Date.now() + 395 * DAY);
    expect(later.made).toBe('certificate');
    expect(later.caFingerprint).toBe(first.caFingerprint);
    // Near the end of the CA's ten years: a new CA.
    const decade = await localTls(dir, NAMES, Date.now() + 3640 * DAY);
    expect(decade.made).toBe('ca');
    expect(decade.caFingerprint).not.toBe(first.caFingerprint);
  });

  it('two starts at once on one folder agree on one CA', async () => {
    const dir = fresh();
    const all = await Promise.all([localTls(dir, NAMES), localTls(dir, NAMES), localTls(dir, NAMES)]);
    const ca = new X509Certificate(readFileSync(join(dir, 'ca.pem')));
    for (const t of all) {
      expect(t.caFingerprint).toBe(ca.fingerprint256);
      expect(new X509Certificate(t.cert).verify(ca.publicKey)).toBe(true);
    }
  });
});
