import { createPrivateKey, randomBytes } from 'node:crypto';

/** Node's WebCrypto (the global one, whose types the library takes). */
const webcrypto = globalThis.crypto;

/**
 * Makes the local CA and the server certificates it signs, with @peculiar/x509 over node's
 * WebCrypto. Loaded only when a certificate must be made: the library (and the Reflect polyfill
 * it needs) is imported here, at run time, so a start that reuses its certificates never loads it.
 */
async function library() {
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto);
  return x509;
}

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 24 * 3600 * 1000;
/** A certificate is valid from an hour before it was made: a client whose clock is a little behind still takes it. */
const SKEW = 3600 * 1000;
/** TLS Web Server Authentication. */
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

/** A positive 16-byte serial number, as hex (RFC 5280: unique per CA, at most 20 bytes). */
const serial = () => {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  b[0] |= 0x01;
  return b.toString('hex');
};

async function pkcs8(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** A new CA: its private key and certificate, as PEM text (key first). */
export async function makeCa(now: number, days: number): Promise<string> {
  const x509 = await library();
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const made = new Date(now).toISOString().slice(0, 10);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=Understudy local CA ${made}, O=Understudy`,
    notBefore: new Date(now - SKEW),
    notAfter: new Date(now + days * DAY),
    keys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return `${await pkcs8(keys.privateKey)}${cert.toString('pem')}\n`;
}

/** A server certificate for `names` signed by the CA: its private key and certificate, as PEM text (key first). */
export async function makeServerCertificate(caKeyPem: string, caCertPem: string, names: readonly string[], now: number, days: number): Promise<string> {
  const x509 = await library();
  const caCert = new x509.X509Certificate(caCertPem);
  const caKey = await webcrypto.subtle.importKey('pkcs8', createPrivateKey(caKeyPem).export({ type: 'pkcs8', format: 'der' }), EC, false, ['sign']);
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const isIp = (n: string) => /^\d+\.\d+\.\d+\.\d+$/.test(n) || n.includes(':');
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=localhost, O=Understudy',
    issuer: caCert.subject,
    notBefore: new Date(now - SKEW),
    notAfter: new Date(now + days * DAY),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([SERVER_AUTH]),
      new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: isIp(value) ? ('ip' as const) : ('dns' as const), value }))),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
    ],
  });
  return `${await pkcs8(keys.privateKey)}${cert.toString('pem')}\n`;
}
