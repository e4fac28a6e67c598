import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR, useTestApp } from '../helpers/app.ts';

const NAMES = ['control', 'touchoffice', 'revel', 'comeback', 'intouch', 'reversio'];

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/**
 * Issue 12: Redocly's `recommended` rules pass with no error on every served document
 * (redocly.yaml: Revel keeps the vendor's trailing slashes). Warnings are allowed.
 */
describe('OpenAPI documents: redocly lint', () => {
  const app = useTestApp();

  it('every document passes `redocly lint` (recommended) with no errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'understudy-lint-'));
    mkdirSync(join(dir, 'openapi'));
    copyFileSync(join(ROOT_DIR, 'redocly.yaml'), join(dir, 'redocly.yaml'));
    for (const name of NAMES) {
      const res = await app.t.call({ method: 'GET', url: `/_understudy/openapi/${name}.json` });
      expect(res.status, name).toBe(200);
      writeFileSync(join(dir, 'openapi', `${name}.json`), res.text);
    }
    const { code, out } = await run(join(ROOT_DIR, 'node_modules/.bin/redocly'), ['lint', '--format=stylish'], dir);
    for (const name of NAMES) expect(out, name).toContain(`openapi/${name}.json`);
    expect(out).not.toMatch(/\berror\b/i);
    expect(code, out).toBe(0);
  }, 60_000);
});
