#!/usr/bin/env node
// Runs the bundle built by `npm ci` / `npm start` (scripts/build.mjs) when there is one, else
// the TypeScript sources directly through tsx. UNDERSTUDY_FROM_SOURCE=1 forces the sources.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/understudy.mjs', import.meta.url);
if (existsSync(bundle) && process.env.UNDERSTUDY_FROM_SOURCE !== '1') {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
