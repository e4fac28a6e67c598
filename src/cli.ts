import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from './core/config.ts';
import { startServer, StartupError } from './server.ts';
import { buildApp } from './main.ts';
import { documentFor } from './control/openapi.ts';

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is an integer from 0 to 65535');
  return n;
}

const program = new Command()
  .name('understudy')
  .description('A faithful, stateful local stand-in for Revel, Revo InTouch, TouchOffice, Comeback and Revers.io');

program
  .command('serve')
  .description('serve every dialect and the control API')
  .option('--port <n>', 'port (env PORT, default 4010)', portNumber)
  .option('--host <host>', 'host to bind (env HOST, default 127.0.0.1)')
  .option('--db <path>', "SQLite file or ':memory:' (env UNDERSTUDY_DB, default ./data/understudy.db); DATABASE_URL selects PostgreSQL")
  .option('--https', 'serve TLS with a certificate from a local CA kept next to the database (env UNDERSTUDY_HTTPS=1)')
  .option('--cert <file>', 'serve TLS with this PEM certificate (chain) instead (env UNDERSTUDY_TLS_CERT; needs --key)')
  .option('--key <file>', 'the PEM private key of --cert (env UNDERSTUDY_TLS_KEY)')
  .action(async (opts: { port?: number; host?: string; db?: string; https?: boolean; cert?: string; key?: string }) => {
    let config;
    try {
      config = loadConfig(opts);
    } catch (err) {
      console.error(`understudy: ${(err as Error).message}`);
      process.exit(2);
    }
    try {
      const server = await startServer(config);
      const where = server.core.engine === 'sqlite' ? `sqlite ${server.core.database.location}` : `postgres ${server.core.database.location}`;
      const stop = async (signal: string) => {
        server.core.log.info({ signal }, 'stopping');
        try {
          await server.stop();
          process.exit(0);
        } catch (err) {
          console.error(`understudy: error while stopping: ${(err as Error).message}`);
          process.exit(1);
        }
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      // After the handlers: a client that stops the server as soon as it reads this line must
      // get a clean stop (it could come before the next statement ran, and kill the process).
      const tls = server.tls?.caFile
        ? `; CA certificate ${server.tls.caFile}, trust it with NODE_EXTRA_CA_CERTS or --cacert`
        : config.tls && 'cert' in config.tls
          ? `; certificate ${config.tls.cert}`
          : '';
      console.log(`Understudy listening on ${server.url} (${where}${tls})`);
    } catch (err) {
      console.error(`understudy: ${err instanceof StartupError ? err.message : `could not start: ${(err as Error).message}`}`);
      process.exit(1);
    }
  });

program
  .command('openapi')
  .description("print a dialect's OpenAPI 3.1 document (or 'control')")
  .argument('<name>', 'touchoffice | control | …')
  .action(async (name: string) => {
    const { app, core } = await buildApp({ ...loadConfig({ db: ':memory:' }), createDemo: false });
    await app.ready();
    const full = app.swagger() as Parameters<typeof documentFor>[0];
    const dialect = core.dialects.find((d) => d.name === name);
    if (name !== 'control' && !dialect) {
      console.error(`understudy: no dialect '${name}'`);
      process.exit(2);
    }
    const doc = name === 'control' ? documentFor(full, '/_understudy', 'Understudy control API') : documentFor(full, dialect!.prefix, name);
    console.log(JSON.stringify(doc, null, 2));
    await app.close();
  });

await program.parseAsync(process.argv);
