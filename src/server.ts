import { isLoopback, type Config } from './core/config.ts';
import { buildApp, type BuiltApp } from './main.ts';

export class StartupError extends Error {}

export interface RunningServer extends BuiltApp {
  url: string;
  stop(): Promise<void>;
}

/** Starts listening; the ready line is printed by the caller once this resolves. */
export async function startServer(config: Config): Promise<RunningServer> {
  if (!isLoopback(config.host) && !config.adminToken) {
    throw new StartupError(
      `refusing to bind to non-loopback host '${config.host}' without UNDERSTUDY_ADMIN_TOKEN: ` +
        'the control API (/_understudy/) would be open to the network. Set UNDERSTUDY_ADMIN_TOKEN, or bind to 127.0.0.1.',
    );
  }
  const built = await buildApp(config);
  try {
    await built.app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await built.app.close();
    throw err;
  }
  const address = built.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  let stopping: Promise<void> | null = null;
  return {
    ...built,
    url: `http://${host}:${port}`,
    // Stop accepting, let in-flight requests and deliveries finish, close the database.
    stop: () => (stopping ??= built.app.close()),
  };
}
