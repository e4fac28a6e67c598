import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { isLoopback, type Config } from './core/config.ts';
import { HostTable } from './core/http/hosts.ts';
import { localTls } from './core/tls/local-ca.ts';
import { buildApp, DIALECTS, type BuiltApp } from './main.ts';

export class StartupError extends Error {}

export interface ServerTls {
  /** The certificate served: the user's file, or the one the local CA signed. */
  source: 'files' | 'local-ca';
  /** The local CA's certificate file, for `NODE_EXTRA_CA_CERTS` / `curl --cacert` (local CA only). */
  caFile?: string;
  caFingerprint?: string;
  /** What this start made: the CA and a certificate, a certificate, or nothing (both reused). */
  made?: 'ca' | 'certificate' | 'nothing';
  /** Time spent preparing the certificate, ms. */
  ms: number;
}

export interface RunningServer extends BuiltApp {
  url: string;
  tls: ServerTls | null;
  stop(): Promise<void>;
}

/** Every name the local CA's server certificate is made for: loopback, `*.localhost`, the bind address and every dialect's hosts. */
export function certificateNames(config: Config): string[] {
  const names = ['localhost', '*.localhost', '127.0.0.1', '::1', ...new HostTable(DIALECTS).names()];
  const bind = config.host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bind !== '0.0.0.0' && bind !== '::' && !names.includes(bind)) names.push(bind);
  return names;
}

async function readTlsFile(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new StartupError(`cannot read the TLS ${what} ${file}: ${(err as Error).message}`);
  }
}

async function tlsMaterial(config: Config): Promise<{ key: string | Buffer; cert: string | Buffer; info: ServerTls } | null> {
  const tls = config.tls;
  if (!tls) return null;
  const started = performance.now();
  if ('cert' in tls) {
    const [cert, key] = await Promise.all([readTlsFile(tls.cert, 'certificate'), readTlsFile(tls.key, 'key')]);
    try {
      createSecureContext({ cert, key });
    } catch (err) {
      throw new StartupError(`the TLS certificate ${tls.cert} and key ${tls.key} cannot be used: ${(err as Error).message}`);
    }
    return { key, cert, info: { source: 'files', ms: performance.now() - started } };
  }
  let local;
  try {
    local = await localTls(tls.dir, certificateNames(config));
  } catch (err) {
    throw new StartupError(`cannot prepare the local CA in ${tls.dir}: ${(err as Error).message}`);
  }
  return {
    key: local.key,
    cert: local.cert,
    info: { source: 'local-ca', caFile: resolve(local.caFile), caFingerprint: local.caFingerprint, made: local.made, ms: performance.now() - started },
  };
}

/** Starts listening; the ready line is printed by the caller once this resolves. */
export async function startServer(config: Config): Promise<RunningServer> {
  if (!isLoopback(config.host) && !config.adminToken) {
    throw new StartupError(
      `refusing to bind to non-loopback host '${config.host}' without UNDERSTUDY_ADMIN_TOKEN: ` +
        'the control API (/_understudy/) would be open to the network. Set UNDERSTUDY_ADMIN_TOKEN, or bind to 127.0.0.1.',
    );
  }
  const tls = await tlsMaterial(config);
  const built = await buildApp(config, tls ? { https: { key: tls.key, cert: tls.cert } } : {});
  try {
    await built.app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await built.app.close();
    throw err;
  }
  if (tls) built.core.log.info({ tls: { ...tls.info, ms: Math.round(tls.info.ms * 10) / 10 } }, 'TLS ready');
  const address = built.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  let stopping: Promise<void> | null = null;
  return {
    ...built,
    url: `${tls ? 'https' : 'http'}://${host}:${port}`,
    tls: tls?.info ?? null,
    // Stop accepting, let in-flight requests and deliveries finish, close the database.
    stop: () => (stopping ??= built.app.close()),
  };
}
