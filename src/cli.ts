import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { loadConfig } from './core/config.ts';
import type { RunningServer } from './server.ts';
import { CliError } from './cli/errors.ts';
import { DEFAULT_URL } from './cli/http.ts';
import type { FixturesFile } from './cli/fixtures-file.ts';
import { registerSandbox } from './cli/sandbox.ts';
import { registerSnapshot } from './cli/snapshot.ts';
import { registerClock } from './cli/clock.ts';
import { registerRequests } from './cli/requests.ts';
import { registerDeliveries } from './cli/deliveries.ts';
import { registerFaults } from './cli/faults.ts';
import { registerWebhook } from './cli/webhook.ts';

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is an integer from 0 to 65535');
  return n;
}

const program = new Command()
  .name('understudy')
  .description('A faithful, stateful local stand-in for Revel, Revo InTouch, TouchOffice, Comeback and Revers.io')
  .version(pkg.version, '-V, --version')
  // Bad arguments exit 2 (commander's own errors would exit 1); --help and --version exit 0.
  .exitOverride()
  // The options of the commands that talk to a running server (every command but serve and openapi).
  .addOption(new Option('--url <url>', `the running server (env UNDERSTUDY_URL, default ${DEFAULT_URL})`))
  .addOption(new Option('--token <token>', "the admin token, when the server has one (env UNDERSTUDY_ADMIN_TOKEN)"))
  .option('--json', 'print the JSON answer instead of a table');

program
  .command('serve')
  .description('serve every dialect and the control API')
  .option('--port <n>', 'port (env PORT, default 4010)', portNumber)
  .option('--host <host>', 'host to bind (env HOST, default 127.0.0.1)')
  .option('--db <path>', "SQLite file or ':memory:' (env UNDERSTUDY_DB, default ./data/understudy.db); DATABASE_URL selects PostgreSQL")
  .option('--fixtures <file>', 'JSON {"sandboxes": [...]}: the sandboxes (and fixture bundles) to create at start when missing')
  .option('--https', 'serve TLS with a certificate from a local CA kept next to the database (env UNDERSTUDY_HTTPS=1)')
  .option('--cert <file>', 'serve TLS with this PEM certificate (chain) instead (env UNDERSTUDY_TLS_CERT; needs --key)')
  .option('--key <file>', 'the PEM private key of --cert (env UNDERSTUDY_TLS_KEY)')
  .action(async (opts: { port?: number; host?: string; db?: string; fixtures?: string; https?: boolean; cert?: string; key?: string }) => {
    // The server's modules load here, not at the top: the commands that only talk to a server start in a fraction of the time.
    const [{ startServer, StartupError }, { DIALECTS }, { readFixturesFile, FixturesFileError }] = await Promise.all([
      import('./server.ts'),
      import('./main.ts'),
      import('./cli/fixtures-file.ts'),
    ]);
    let config;
    let fixtures: FixturesFile | undefined;
    try {
      config = loadConfig(opts);
      if (opts.fixtures) fixtures = readFixturesFile(opts.fixtures, DIALECTS);
    } catch (err) {
      console.error(`understudy: ${(err as Error).message}`);
      process.exit(2);
    }
    try {
      const server = await startServer(config);
      if (fixtures) await loadFixtures(server, opts.fixtures!, fixtures, config.adminToken);
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
      console.error(`understudy: ${err instanceof StartupError || err instanceof FixturesFileError ? err.message : `could not start: ${(err as Error).message}`}`);
      process.exit(err instanceof FixturesFileError ? 2 : 1);
    }
  });

program
  .command('openapi')
  .description("print a dialect's OpenAPI 3.1 document (or 'control')")
  .argument('<name>', 'touchoffice | control | …')
  .action(async (name: string) => {
    const [{ buildApp }, { documentNamed }] = await Promise.all([import('./main.ts'), import('./control/openapi.ts')]);
    const { app, core } = await buildApp({ ...loadConfig({ db: ':memory:' }), createDemo: false });
    await app.ready();
    const doc = documentNamed(app.swagger() as Parameters<typeof documentNamed>[0], name, core.dialects);
    if (!doc) {
      console.error(`understudy: no dialect '${name}'`);
      process.exit(2);
    }
    console.log(JSON.stringify(doc, null, 2));
    await app.close();
  });

registerSandbox(program);
registerSnapshot(program);
registerClock(program);
registerRequests(program);
registerDeliveries(program);
registerFaults(program);
registerWebhook(program);

/** `serve --fixtures`: a refused file stops the server (it closes the database) before the error is reported. */
async function loadFixtures(server: RunningServer, file: string, spec: FixturesFile, adminToken?: string): Promise<void> {
  const { applyFixturesFile } = await import('./cli/fixtures-file.ts');
  try {
    const { created, kept } = await applyFixturesFile(server, file, spec, adminToken);
    server.core.log.info({ file, created, kept }, 'fixtures file loaded');
  } catch (err) {
    await server.stop().catch(() => undefined);
    throw err;
  }
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and the version were printed; anything else commander already explained on stderr.
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof CliError) {
    console.error(`understudy: ${err.message}`);
    process.exitCode = err.exitCode;
  } else {
    console.error(`understudy: ${(err as Error).stack ?? err}`);
    process.exitCode = 1;
  }
}
