// The test framework's hooks: those passed in, else the globals jest (and vitest with
// `globals: true`) put on globalThis.

export type Hook = (fn: () => unknown, timeout?: number) => unknown;

export interface Hooks {
  beforeAll?: Hook;
  afterAll?: Hook;
  beforeEach?: Hook;
  afterEach?: Hook;
}

/** Starting a server or creating a sandbox may take longer than a framework's default hook timeout. */
export const HOOK_TIMEOUT_MS = 60_000;

export function hook(name: keyof Hooks, given: Hooks | undefined): Hook {
  const found = given?.[name] ?? (globalThis as Record<string, unknown>)[name];
  if (typeof found !== 'function') {
    throw new Error(
      `understudy/testing: no ${name} hook. Pass your framework's hooks, e.g. { hooks: { beforeAll, afterAll, beforeEach, afterEach } } ` +
        `imported from 'vitest' (vitest without globals: true), or run under jest.`,
    );
  }
  return found as Hook;
}
