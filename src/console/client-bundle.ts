/**
 * The console's browser script: src/console/client/ compiled by esbuild into one ES module.
 * In the package it is compiled at build time (scripts/build.mjs puts it into the server bundle
 * as the constant below); from the sources (tsx, the tests) it is compiled once, on the first
 * request for it, with the same options.
 */
declare const __UNDERSTUDY_CONSOLE_CLIENT__: string | undefined;
// The esbuild options of the client (scripts/build.mjs reads the same file).

export const CLIENT_ENTRY = new URL('./client/main.ts', import.meta.url);

import CLIENT_BUILD from './client-build.json' with { type: 'json' };

let compiled: Promise<string> | null = null;

export function consoleClient(): Promise<string> {
  if (typeof __UNDERSTUDY_CONSOLE_CLIENT__ === 'string') return Promise.resolve(__UNDERSTUDY_CONSOLE_CLIENT__);
  compiled ??= (async () => {
    // Only when running from the sources: the bundle carries the compiled script.
    const esbuild = 'esbuild';
    const { build } = (await import(esbuild)) as typeof import('esbuild');
    const result = await build({ ...(CLIENT_BUILD as import('esbuild').BuildOptions), entryPoints: [CLIENT_ENTRY.pathname], write: false });
    return result.outputFiles[0].text;
  })();
  compiled.catch(() => (compiled = null));
  return compiled;
}
