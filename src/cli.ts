import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from './core/config.ts';
import { startServer, StartupError } from './server.ts';
import { buildApp } from './main.ts';
import { documentNamed } from './control/openapi.ts';

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
  .action(async (opts: { port?: number; host?: string; db?: string }) => {
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
      console.log(`Understudy listening on ${server.url} (${where})`);
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
    const doc = documentNamed(app.swagger() as Parameters<typeof documentNamed>[0], name, core.dialects);
    if (!doc) {
      console.error(`understudy: no dialect '${name}'`);
      process.exit(2);
    }
    console.log(JSON.stringify(doc, null, 2));
    await app.close();
  });

await program.parseAsync(process.argv);
