// A throwaway PostgreSQL cluster for `npm run bench -- --pg`, as scripts/with-postgres.sh makes
// one for the tests: initdb in a temporary directory owned by the postgres user (the server
// refuses to run as root), a free port, a private socket directory; `stop()` removes it all.
// Unlike the test script's cluster it keeps fsync on (PostgreSQL's defaults for durability:
// fsync, synchronous_commit on), so that a write the bench counts is a durable write.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
  url: string;
  version: string;
  /** Stops the server and removes its directory (synchronous: safe in an exit handler). */
  stop(): void;
}

function pgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin/initdb'))) : [];
  if (!versions.length) throw new Error('bench --pg: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (install postgresql, or give BENCH_DATABASE_URL)');
  return join(root, versions.sort((a, b) => Number(a) - Number(b)).at(-1)!, 'bin');
}

const asRoot = process.getuid?.() === 0;
/** Runs a shell command as the postgres user (when root), as scripts/with-postgres.sh does. */
function asPostgres(command: string): string {
  return asRoot ? execFileSync('su', ['postgres', '-s', '/bin/bash', '-c', command], { encoding: 'utf8' }) : execFileSync('bash', ['-c', command], { encoding: 'utf8' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** `extraOptions`: more `-c name=value` server options (BENCH_PG_OPTIONS, e.g. `-c synchronous_commit=off` to see what the commit flush costs). */
export async function startPostgres(database = 'understudy_bench', extraOptions = ''): Promise<Cluster> {
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), 'understudy-bench-pg-'));
  chmodSync(dir, 0o755);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  let running = false;
  const stop = () => {
    if (running) {
      try {
        asPostgres(`'${bin}/pg_ctl' -D '${dir}/data' -m fast stop`);
      } catch {
        // Already gone: nothing to stop.
      }
      running = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    asPostgres(`'${bin}/initdb' -D '${dir}/data' -U postgres -A trust --no-sync -E UTF8 > '${dir}/initdb.log' 2>&1`);
    const options = `-p ${port} -k '${dir}' -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB ${extraOptions}`.trim();
    asPostgres(`'${bin}/pg_ctl' -D '${dir}/data' -l '${dir}/server.log' -w -o "${options}" start > /dev/null`);
    running = true;
    asPostgres(`'${bin}/psql' -h 127.0.0.1 -p ${port} -U postgres -qc 'create database ${database}'`);
  } catch (err) {
    const log = ['initdb.log', 'server.log'].map((f) => join(dir, f)).filter(existsSync).map((f) => readFileSync(f, 'utf8')).join('\n');
    stop();
    throw new Error(`bench --pg: could not start PostgreSQL: ${(err as Error).message}\n${log}`, { cause: err });
  }
  const banner = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
  const version = /\(PostgreSQL\) (\S+)/.exec(banner)?.[1] ?? banner;
  return { url: `postgres://postgres@127.0.0.1:${port}/${database}`, version, stop };
}
