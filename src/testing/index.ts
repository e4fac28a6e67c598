// `understudy/testing`: an Understudy server for a test run and a sandbox per test.
import { hook, HOOK_TIMEOUT_MS, type Hooks } from './hooks.ts';
import { startUnderstudy, type StartOptions, type Understudy } from './server.ts';

export { startUnderstudy, type StartOptions, type Understudy } from './server.ts';
export { createSandbox, useSandbox, DIALECT_PREFIXES, type SandboxHandle, type SandboxOptions, type ServerLike } from './sandbox.ts';
export type { Hook, Hooks } from './hooks.ts';
export { createControlClient, ControlApiError, type ControlClient, type ControlClientOptions } from '../client/index.ts';
export type * from '../client/types.ts';

/**
 * One server for the test file: started in beforeAll, stopped in afterAll. The handle's `url`
 * and `client` are readable inside tests and hooks (pass the handle to useSandbox).
 */
export function useUnderstudy(options: StartOptions & { hooks?: Hooks } = {}): Understudy {
  const { hooks, ...start } = options;
  const beforeAll = hook('beforeAll', hooks);
  const afterAll = hook('afterAll', hooks);
  let server: Understudy | undefined;
  beforeAll(async () => {
    server = await startUnderstudy(start);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
    server = undefined;
  }, HOOK_TIMEOUT_MS);
  const running = (): Understudy => {
    if (!server) throw new Error('useUnderstudy: the server runs only inside tests and hooks (after beforeAll)');
    return server;
  };
  return {
    get url() {
      return running().url;
    },
    get client() {
      return running().client;
    },
    get mode() {
      return running().mode;
    },
    stop: () => running().stop(),
  };
}
