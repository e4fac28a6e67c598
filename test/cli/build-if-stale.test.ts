import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../helpers/app.ts';

/** Issue 13: `npm start` (prestart: build --if-stale) does not rebuild a current bundle. */
describe('the bundle build before npm start', () => {
  const build = (...args: string[]) => spawnSync(process.execPath, ['scripts/build.mjs', ...args], { cwd: ROOT_DIR, encoding: 'utf8' });
  const stamp = join(ROOT_DIR, 'dist/.build-stamp');

  it('skips a current bundle, and builds again when the inputs stamp differs', () => {
    expect(build().status).toBe(0);
    const written = readFileSync(stamp, 'utf8');
    expect(written).toContain('src/cli.ts ');
    expect(written).toContain('package-lock.json ');

    // Current: nothing is written (the stamp file is not even rewritten).
    const before = statSync(stamp).mtimeMs;
    expect(build('--if-stale').status).toBe(0);
    expect(statSync(stamp).mtimeMs).toBe(before);

    // Stale (an input changed since the stamp): built, and the stamp is the inputs' again.
    writeFileSync(stamp, 'an older build');
    expect(build('--if-stale').status).toBe(0);
    expect(readFileSync(stamp, 'utf8')).toBe(written);
  });
});
