import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import type { Conformance, ConformanceRequest } from '../../src/core/conformance.ts';
import { makeCa, makeServerCertificate } from '../../src/core/tls/x509.ts';
import { DIALECTS } from '../../src/dialects/index.ts';
import { ENGINE } from '../helpers/app.ts';
import { freshDatabase, useServeProcesses, type ServerProcess } from '../helpers/process.ts';

/**
 * CONTRACT.md, "Pointing a client that cannot change its base URL", as a user runs it:
 * `understudy serve --https` in its own process, and clients that trust only its CA, reaching it
 * by each vendor's own host name (SNI and Host) resolved to 127.0.0.1.
 */

// The vendors' hosts and base paths, from the vendor documents.
const VENDOR: Record<string, { host: string; basePath: string }> = {
  revel: { host: 'api-sandbox-revel.revelup.com', basePath: '' },
  intouch: { host: 'revointouch.works', basePath: '/api/v1' },
  touchoffice: { host: 'api.touchoffice.net', basePath: '' },
  comeback: { host: 'api.comeback.es', basePath: '/v1' },
  reversio: { host: 'customer-api.revers.io', basePath: '/api/v1' },
};
const DEMO: Record<string, Record<string, string>> = {
  revel: { apiKey: 'demo-revel-key', apiSecret: 'demo-revel-secret' },
  intouch: { account: 'demo', apiToken: 'demo-intouch-token' },
  touchoffice: { tak: 'DEMOTAK' },
  comeback: { token: 'demo-comeback-token' },
  reversio: { subscriptionKey: 'demo-reversio-key', secretValue: 'demo-reversio-secret' },
};

interface Answer {
  status: number;
  text: string;
  /** The served certificate chain's leaf. */
  peer: X509Certificate;
}

const toLoopback: LookupFunction = (_hostname, options, callback) => {
  if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

/**
 * One HTTPS request trusting only `ca`. `as`: the host name the client believes it talks to
 * (SNI, certificate check and Host), resolved to 127.0.0.1 by a lookup, as a hosts-file entry does.
 */
function get(base: string, path: string, opts: { ca?: string; as?: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  const port = new URL(base).port;
  const url = opts.as ? `https://${opts.as}:${port}${path}` : `${base}${path}`;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: opts.method ?? 'GET', headers: opts.headers, ca: opts.ca, lookup: opts.as ? toLoopback : undefined, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, text, peer: (res.socket as TLSSocket).getPeerX509Certificate()! }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The demo credentials as the dialect's clients send them (Revers.io: a JWT from `GET token` first). */
async function presentation(base: string, ca: string, name: string): Promise<{ headers: Record<string, string>; query: string }> {
  const def = DIALECTS.find((d) => d.name === name)!;
  const { conformance } = (await import(`../../src/dialects/${name}/conformance.ts`)) as { conformance: Conformance };
  const call = async (r: ConformanceRequest) => {
    const a = await get(base, `${def.prefix}${r.path}`, { ca, method: r.method, headers: r.headers });
    return { status: a.status, headers: {}, text: a.text, body: JSON.parse(a.text) };
  };
  const shown = conformance.authenticate ? await conformance.authenticate(DEMO[name], call) : def.auth.default.present!(DEMO[name]);
  return { headers: shown.headers ?? {}, query: new URLSearchParams(shown.query ?? {}).toString() };
}

const readLine = (p: ServerProcess) => p.stdout().split('\n').find((l) => l.includes('listening on'))!;
const caFileOf = (p: ServerProcess) => /CA certificate (\S+),/.exec(readLine(p))![1];

/** A fresh database, and for PostgreSQL (which has no file to keep the CA next to) a folder of its own. */
async function freshServer() {
  const db = await freshDatabase();
  const tlsDir = db.args.length ? join(dirname(db.args[1]), 'tls') : mkdtempSync(join(tmpdir(), 'understudy-tls-'));
  const env = db.args.length ? db.env : { ...db.env, UNDERSTUDY_TLS_DIR: tlsDir };
  return { args: db.args, env, tlsDir };
}

describe('understudy serve --https', () => {
  const start = useServeProcesses();

  it('serves TLS with a local CA: a client trusting only that CA reaches every vendor host (SNI and Host) with the answers of the prefixed paths', async () => {
    const s = await freshServer();
    const p = await start(['--https', '--port', '0', ...s.args], s.env);
    expect(readLine(p)).toMatch(/listening on https:\/\/127\.0\.0\.1:\d+ /);
    // SQLite: the CA lives next to the database file.
    expect(caFileOf(p)).toBe(join(s.tlsDir, 'ca.pem'));
    const ca = readFileSync(caFileOf(p), 'utf8');

    const health = await get(p.url, '/_understudy/health', { ca });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text).engine).toBe(ENGINE);
    // Trusting nothing but the usual roots, the certificate is refused.
    await expect(get(p.url, '/_understudy/health', {})).rejects.toThrow(/certificate/i);
    for (const as of ['localhost', 'revel.localhost', 'touchoffice.localhost']) {
      expect((await get(p.url, '/_understudy/health', { ca, as })).status, as).toBeLessThan(500);
    }

    for (const def of DIALECTS.filter((d) => d.routes)) {
      const { conformance } = (await import(`../../src/dialects/${def.name}/conformance.ts`)) as { conformance: Conformance };
      const { headers, query } = await presentation(p.url, ca, def.name);
      const path = `${conformance.read.path}${query ? `${conformance.read.path.includes('?') ? '&' : '?'}${query}` : ''}`;
      const prefixed = await get(p.url, `${def.prefix}${path}`, { ca, headers });
      expect(prefixed.status, def.name).toBe(200);
      const { host, basePath } = VENDOR[def.name];
      for (const as of [host, `${def.name}.localhost`]) {
        const own = await get(p.url, `${basePath}${path}`, { ca, as, headers });
        expect({ as, status: own.status, text: own.text }).toEqual({ as, status: prefixed.status, text: prefixed.text });
        expect(own.peer.checkHost(as)).toBeTruthy();
      }
    }
    // {account}.revointouch.works: the certificate covers it, and the host carries the account.
    const store = await get(p.url, '/api/v1/stores', { ca, as: 'demo.revointouch.works', headers: { authorization: 'Bearer demo-intouch-token' } });
    expect(store.status).toBe(200);
  });

  it('keeps the CA across starts (same fingerprint), reuses the server certificate, and takes UNDERSTUDY_HTTPS=1', async () => {
    const s = await freshServer();
    const first = await start(['--https', '--port', '0', ...s.args], s.env);
    const caFile = caFileOf(first);
    const ca = readFileSync(caFile, 'utf8');
    const served = (await get(first.url, '/_understudy/health', { ca })).peer;
    const leafFile = join(s.tlsDir, 'server.pem');
    const leafStat = statSync(leafFile);
    first.proc.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    const second = await start(['--port', '0', ...s.args], { ...s.env, UNDERSTUDY_HTTPS: '1' });
    expect(caFileOf(second)).toBe(caFile);
    expect(new X509Certificate(readFileSync(caFile)).fingerprint256).toBe(new X509Certificate(ca).fingerprint256);
    const again = await get(second.url, '/_understudy/health', { ca });
    expect(again.status).toBe(200);
    expect(again.peer.fingerprint256).toBe(served.fingerprint256);
    expect(again.peer.checkIssued(new X509Certificate(ca))).toBe(true);
    expect(statSync(leafFile).mtimeMs).toBe(leafStat.mtimeMs);
  });

  it("--cert/--key serve the user's own certificate", async () => {
    const s = await freshServer();
    const dir = mkdtempSync(join(tmpdir(), 'understudy-own-cert-'));
    const now = Date.now();
    const [caKeyPem, caPem] = (await makeCa(now, 30)).split(/(?=-----BEGIN CERTIFICATE-----)/);
    expect(caKeyPem).toContain('PRIVATE KEY');
    const leafPair = await makeServerCertificate(caKeyPem, caPem, ['localhost', '127.0.0.1', 'api.touchoffice.net'], now, 30);
    const [keyPem, certPem] = leafPair.split(/(?=-----BEGIN CERTIFICATE-----)/);
    writeFileSync(join(dir, 'cert.pem'), certPem);
    writeFileSync(join(dir, 'key.pem'), keyPem);

    const p = await start(['--cert', join(dir, 'cert.pem'), '--key', join(dir, 'key.pem'), '--port', '0', ...s.args], s.env);
    expect(readLine(p)).toMatch(/listening on https:\/\/127\.0\.0\.1:\d+ .*certificate .*cert\.pem/);
    const res = await get(p.url, '/vouchers/ABCDEF123?TAK=DEMOTAK', { ca: caPem, as: 'api.touchoffice.net' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).vouchers[0].id).toBe(146);
    expect(res.peer.fingerprint256).toBe(new X509Certificate(certPem).fingerprint256);
    // The local CA was not made.
    expect(() => statSync(join(s.tlsDir, 'ca.pem'))).toThrow();
    // A name the user's certificate does not cover is refused by the client.
    await expect(get(p.url, '/_understudy/health', { ca: caPem, as: 'api.comeback.es' })).rejects.toThrow(/altnames|does not match/i);
  });

  it('refuses --cert without --key, and a key that is not the certificate\'s, naming the files', async () => {
    const s = await freshServer();
    const dir = mkdtempSync(join(tmpdir(), 'understudy-bad-cert-'));
    const now = Date.now();
    const a = (await makeCa(now, 30)).split(/(?=-----BEGIN CERTIFICATE-----)/);
    const b = (await makeCa(now, 30)).split(/(?=-----BEGIN CERTIFICATE-----)/);
    writeFileSync(join(dir, 'cert.pem'), a[1]);
    writeFileSync(join(dir, 'other-key.pem'), b[0]);
    const lone = await start(['--cert', join(dir, 'cert.pem'), '--port', '0', ...s.args], s.env);
    expect((await lone.exited).code).toBe(2);
    expect(lone.stderr()).toMatch(/--cert .*needs --key/);
    const mismatch = await start(['--cert', join(dir, 'cert.pem'), '--key', join(dir, 'other-key.pem'), '--port', '0', ...s.args], s.env);
    expect((await mismatch.exited).code).toBe(1);
    expect(mismatch.stderr()).toContain(join(dir, 'cert.pem'));
  });
});
