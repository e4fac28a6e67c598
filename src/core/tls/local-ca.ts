import { createPrivateKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `serve --https` without `--cert`: a local certificate authority, kept in a folder and reused
 * across starts (so `NODE_EXTRA_CA_CERTS=<folder>/ca.pem` is set once), and a server
 * certificate it signs for every name Understudy answers to. Keys are EC P-256: a new CA and
 * certificate take a few milliseconds (an RSA key takes hundreds), and a start that finds both
 * still good parses them with node:crypto alone, without loading the X.509 library.
 *
 * Files: `ca.pem` (the CA certificate, to trust), `ca-key.pem` (its key and certificate, made
 * once and never overwritten while good), `server.pem` (the server's key and certificate).
 */
export interface LocalTls {
  key: string;
  cert: string;
  /** The CA certificate file a client trusts. */
  caFile: string;
  /** The CA certificate's SHA-256 fingerprint (as node:crypto prints it). */
  caFingerprint: string;
  /** What this start did: made the CA and the certificate, made only the certificate, or reused both. */
  made: 'ca' | 'certificate' | 'nothing';
}

const DAY = 24 * 3600 * 1000;
/** A CA lives ten years; it is replaced when less than 30 days are left. */
const CA_DAYS = 3650;
const CA_MARGIN_DAYS = 30;
/** A server certificate lives 397 days (what Apple and browsers accept); replaced 7 days before its end. */
const LEAF_DAYS = 397;
const LEAF_MARGIN_DAYS = 7;

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----\r?\n?/g;

interface Pair {
  key: KeyObject;
  keyPem: string;
  cert: X509Certificate;
  certPem: string;
}

function parsePair(text: string): Pair | null {
  const blocks = [...text.matchAll(PEM_BLOCK)];
  const keyPem = blocks.find((b) => b[1].endsWith('PRIVATE KEY'))?.[0];
  const certPem = blocks.find((b) => b[1] === 'CERTIFICATE')?.[0];
  if (!keyPem || !certPem) return null;
  try {
    const key = createPrivateKey(keyPem);
    const cert = new X509Certificate(certPem);
    return cert.checkPrivateKey(key) ? { key, keyPem, cert, certPem } : null;
  } catch {
    return null;
  }
}

async function readPair(file: string): Promise<Pair | null> {
  try {
    return parsePair(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

const lastsUntil = (cert: X509Certificate, now: number, marginDays: number) => new Date(cert.validTo).getTime() > now + marginDays * DAY;

/** The names of a certificate's subjectAltName, as `DNS:x` and `IP Address:y` entries. */
function altNames(cert: X509Certificate): Set<string> {
  return new Set((cert.subjectAltName ?? '').split(/,\s*/).filter(Boolean).map(normalizeAltName));
}

/** `IP Address:0:0:0:0:0:0:0:1` (how OpenSSL prints ::1) and `IP Address:::1` are the same name. */
function normalizeAltName(entry: string): string {
  const m = /^IP Address:(.*)$/.exec(entry);
  if (!m || !m[1].includes(':')) return entry;
  const full = m[1].includes('::') ? expandIpv6(m[1]) : m[1].split(':');
  return `IP Address:${full.map((p) => Number.parseInt(p, 16).toString(16)).join(':')}`;
}

function expandIpv6(ip: string): string[] {
  const [head, tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  return [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
}

const isIp = (name: string) => /^\d+\.\d+\.\d+\.\d+$/.test(name) || name.includes(':');
const wantedAltName = (name: string) => normalizeAltName(isIp(name) ? `IP Address:${name}` : `DNS:${name}`);

const temporary = (file: string) => `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;

/** Writes a file whole or not at all (a reader never sees half of it). */
async function writeAtomically(file: string, text: string, mode: number): Promise<void> {
  const tmp = temporary(file);
  await writeFile(tmp, text, { mode });
  await chmod(tmp, mode);
  await rename(tmp, file);
}

/**
 * Writes a file only if it does not exist yet; returns false when another process made it
 * first. Two servers starting at once on one folder so agree on one CA.
 */
async function createExclusively(file: string, text: string, mode: number): Promise<boolean> {
  const tmp = temporary(file);
  await writeFile(tmp, text, { mode });
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/** The CA and the server certificate in `dir` for `names` (DNS names, wildcards and IP addresses). */
export async function localTls(dir: string, names: readonly string[], now = Date.now()): Promise<LocalTls> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const caKeyFile = join(dir, 'ca-key.pem');
  const caFile = join(dir, 'ca.pem');
  const serverFile = join(dir, 'server.pem');
  let made: LocalTls['made'] = 'nothing';

  let ca = await readPair(caKeyFile);
  if (ca && !(ca.cert.ca && lastsUntil(ca.cert, now, CA_MARGIN_DAYS))) {
    // Expired or not a CA: replaced (a client trusting ca.pem must take the new one).
    ca = null;
    await unlink(caKeyFile).catch(() => {});
  }
  if (!ca) {
    const text = await (await import('./x509.ts')).makeCa(now, CA_DAYS);
    if (await createExclusively(caKeyFile, text, 0o600)) made = 'ca';
    ca = await readPair(caKeyFile);
    if (!ca) throw new Error(`the local CA in ${caKeyFile} cannot be read back`);
  }
  // ca.pem is derived from ca-key.pem, so it is rewritten whenever it differs.
  const published = await readFile(caFile, 'utf8').catch(() => '');
  if (published !== ca.certPem) await writeAtomically(caFile, ca.certPem, 0o644);

  let leaf = await readPair(serverFile);
  const wanted = names.map(wantedAltName);
  const fits = (p: Pair) => {
    const have = altNames(p.cert);
    return p.cert.checkIssued(ca.cert) && p.cert.verify(ca.cert.publicKey) && lastsUntil(p.cert, now, LEAF_MARGIN_DAYS) && wanted.every((n) => have.has(n));
  };
  if (!leaf || !fits(leaf)) {
    const text = await (await import('./x509.ts')).makeServerCertificate(ca.keyPem, ca.certPem, names, now, LEAF_DAYS);
    await writeAtomically(serverFile, text, 0o600);
    leaf = parsePair(text)!;
    if (made === 'nothing') made = 'certificate';
  }
  return { key: leaf.keyPem, cert: leaf.certPem, caFile, caFingerprint: ca.cert.fingerprint256, made };
}
