import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, ROOT_DIR } from '../helpers/app.ts';

/**
 * The package as a user gets it: `npm pack`, `npm install <tarball>` into a new project (from
 * npm's cache: --prefer-offline; nothing is compiled, better-sqlite3 ships its binaries), then
 * `npx understudy serve`, `import … from 'understudy/testing'` and the type declarations there.
 * Skipped, saying why, only when npm cannot fetch a dependency (no network and not in the cache).
 */
const NPM = existsSync(join(dirname(process.execPath), 'npm')) ? join(dirname(process.execPath), 'npm') : 'npm';
// npm passes its configuration to scripts as npm_* variables; the npm run here must not inherit them.
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
const NETWORK = /ENOTCACHED|ENETUNREACH|EAI_AGAIN|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|ECONNRESET/;

function run(cmd: string, args: string[], cwd: string, timeout = 90_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: ENV, encoding: 'utf8', timeout });
}

describe.skipIf(ENGINE === 'postgres')('the npm package, installed into a new project (the SQLite run only: it does not depend on the engine)', () => {
  const work = mkdtempSync(join(tmpdir(), 'understudy-pack-'));
  const project = join(work, 'project');
  let files: string[] = [];
  let skipped = '';

  beforeAll(() => {
    const build = run(process.execPath, ['scripts/build.mjs', '--types'], ROOT_DIR);
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
    // The bundle was just built: packing runs no script (prepare would build it again).
    const pack = run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT_DIR);
    if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
    const [packed] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = packed.files.map((f) => f.path);
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const install = run(NPM, ['install', join(work, packed.filename), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
    if (install.status !== 0) {
      if (NETWORK.test(install.stderr)) skipped = `npm could not install the tarball's dependencies offline (not in npm's cache, no network): ${install.stderr.split('\n').find((l) => NETWORK.test(l))}`;
      else throw new Error(`npm install <tarball> failed:\n${install.stderr}`);
    }
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('ships bin/, the built dist/ entries and their declarations, README; no sources, tests or benches', () => {
    for (const f of ['bin/understudy.js', 'dist/understudy.mjs', 'dist/testing.mjs', 'dist/client.mjs', 'dist/types/testing/index.d.ts', 'dist/types/client/index.d.ts', 'README.md', 'package.json']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|bench|scripts|\.ci)\//.test(f) || f.endsWith('.map') || f.endsWith('.test.ts'))).toEqual([]);
  });

  it('`npx understudy serve --port 0 --db :memory:` serves there', async (ctx) => {
    if (skipped) return ctx.skip(skipped);
    const child = spawn(NPM, ['exec', '--no-install', '--', 'understudy', 'serve', '--port', '0', '--db', ':memory:'], { cwd: project, env: ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let out = '';
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line: ${out} ${err}`)), 30_000);
        child.stdout.on('data', (d) => {
          out += d;
          const m = /Understudy listening on (http:\/\/\S+) \(sqlite :memory:\)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        void exited.then(() => reject(new Error(`exited: ${out} ${err}`)));
      });
      const health = await (await fetch(`${url}/_understudy/health`)).json();
      expect(health).toMatchObject({ status: 'ok', engine: 'sqlite' });
      const product = await fetch(`${url}/revel/resources/Product/919/`, { headers: { 'API-AUTHENTICATION': 'demo-revel-key:demo-revel-secret' } });
      expect(product.status).toBe(200);
    } finally {
      // npx runs the bin in a process of its own: the whole group is stopped.
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });

  it("`import { startUnderstudy } from 'understudy/testing'` works there, as a child process and in-process, with the client", async (ctx) => {
    if (skipped) return ctx.skip(skipped);
    writeFileSync(
      join(project, 'check.mjs'),
      `import { startUnderstudy, createSandbox } from 'understudy/testing';
import { createControlClient, ControlApiError } from 'understudy/client';
import * as main from 'understudy';
const out = { main: typeof main.createControlClient };
for (const mode of ['process', 'in-process']) {
  const server = await startUnderstudy({ mode, env: { LOG_LEVEL: 'silent' } });
  const sandbox = await createSandbox(server, { fixtures: 'demo' });
  const vouchers = await (await fetch(sandbox.urls.touchoffice + '/vouchers?TAK=' + sandbox.credentials.touchoffice.tak + '&site=1')).json();
  await sandbox.delete();
  const gone = await createControlClient(server.url).sandboxes.get(sandbox.id).catch((e) => e instanceof ControlApiError && e.status);
  await server.stop();
  out[mode] = { engine: (await fetch(server.url + '/_understudy/health').then(() => 'still up', () => 'stopped')), vouchers: vouchers.vouchers.length > 0, gone };
}
console.log(JSON.stringify(out));
`,
    );
    const res = run(process.execPath, ['check.mjs'], project, 60_000);
    expect(res.stderr).toBe('');
    expect(JSON.parse(res.stdout)).toEqual({
      main: 'function',
      process: { engine: 'stopped', vouchers: true, gone: 404 },
      'in-process': { engine: 'stopped', vouchers: true, gone: 404 },
    });
  });

  it('its type declarations type-check a consumer (and are not any)', (ctx) => {
    if (skipped) return ctx.skip(skipped);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], strict: true, noEmit: true, types: [], skipLibCheck: false }, files: ['consumer.ts'] }),
    );
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { startUnderstudy, useSandbox, type SandboxHandle, type Understudy } from 'understudy/testing';
import { createControlClient, type Sandbox, type FaultRule } from 'understudy/client';

export async function check(): Promise<string> {
  const server: Understudy = await startUnderstudy({ mode: 'in-process', db: ':memory:' });
  const client = createControlClient(server.url, { token: 'x' });
  const sandbox: Sandbox = await client.sandboxes.create({ fixtures: 'empty' });
  const rules: FaultRule[] = await client.faults.set(sandbox.id, [{ dialect: 'revel', status: 503 }]);
  const handle: SandboxHandle = useSandbox(server, { hooks: { beforeEach: () => {}, afterEach: () => {} } });
  // @ts-expect-error a sandbox id is a string
  const wrong: number = sandbox.id;
  // @ts-expect-error no such dialect
  await client.webhooks.set(sandbox.id, 'nope', 'http://x');
  // @ts-expect-error fixtures is 'demo' or 'empty'
  await client.sandboxes.create({ fixtures: 'full' });
  const key: string = (await client.reversio.keys(sandbox.id))[0].subscriptionKey;
  const minPoints: number = (await client.comeback.organizations(sandbox.id))[0].levels[0].minPoints;
  const duration: number = (await client.requests(sandbox.id, { limit: 1 })).requests[0].durationMs;
  // @ts-expect-error not a status a file moves to
  await client.reversio.setFileStatus(sandbox.id, 'f', 'Lost');
  // @ts-expect-error a journal entry's status is a number
  const text: string = (await client.requests(sandbox.id)).requests[0].status;
  return handle.urls.touchoffice + sandbox.credentials.revel.apiKey + rules.length + wrong + key + minPoints + duration + text;
}
`,
    );
    const tsc = run(process.execPath, [join(ROOT_DIR, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});
