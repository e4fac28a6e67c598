import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

/**
 * One Understudy process per SQLite file. A second process on the same file would start and then
 * disagree with the first: each caches what it wrote (sandbox clocks, credentials, webhook URLs).
 * The owner writes `<file>.owner` (pid, host, start time), created exclusively; a later process
 * finds it, sees that its owner is alive, and is refused with a message naming the file and the
 * other process. An owner that died (kill -9) leaves its file behind; the next process sees the
 * pid is gone and takes the file over. Within one process the file may be opened again (the tests
 * run several apps on one file, as several workers). PostgreSQL has no such rule: nodes share it.
 */
interface Owner {
  pid: number;
  host: string;
  startedAt: string;
  argv: string;
}

const held = new Map<string, { count: number; lock: string }>();
let exitHook = false;

export class DatabaseInUseError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: a process of another user has that pid; it is alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lock: string): Owner | null {
  try {
    const owner = JSON.parse(readFileSync(lock, 'utf8')) as Owner;
    return Number.isInteger(owner.pid) ? owner : null;
  } catch {
    return null;
  }
}

/** Claims the file for this process; the returned function gives it up. */
export function claimSqliteFile(path: string): () => void {
  const file = resolve(path);
  const lock = `${file}.owner`;
  const mine = held.get(file);
  if (mine) {
    mine.count++;
    return release(file);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o644);
      const owner: Owner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), argv: process.argv.slice(1).join(' ').slice(0, 300) };
      writeSync(fd, `${JSON.stringify(owner)}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot create the lock file ${lock} next to the SQLite database: ${(err as Error).message}`);
      const owner = readOwner(lock);
      if (owner && owner.host === hostname() && owner.pid === process.pid) break;
      const stale = owner ? owner.host === hostname() && !alive(owner.pid) : attempt > 0;
      if (attempt > 3 || (owner && !stale)) {
        const who = owner ? `pid ${owner.pid} on ${owner.host}, started ${owner.startedAt}${owner.argv ? `: ${owner.argv}` : ''}` : 'a process whose lock file cannot be read';
        throw new DatabaseInUseError(
          `the SQLite database ${file} is in use by another Understudy process (${who}). ` +
            'Stop that process, give this one a file of its own (--db or UNDERSTUDY_DB), or run both on PostgreSQL (UNDERSTUDY_DATABASE_URL). ' +
            `If no such process runs, delete ${lock}.`,
        );
      }
      if (stale) {
        // Its owner is gone (kill -9), or its file stayed unreadable: take it over.
        try {
          unlinkSync(lock);
        } catch {
          /* another process took it over first: try again */
        }
      } else {
        // Another process may be between creating the file and writing its pid.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      }
    }
  }
  held.set(file, { count: 1, lock });
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const { lock: l } of held.values()) removeIfMine(l);
    });
  }
  return release(file);
}

function removeIfMine(lock: string): void {
  if (readOwner(lock)?.pid !== process.pid) return;
  try {
    unlinkSync(lock);
  } catch {
    /* already gone */
  }
}

function release(file: string): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const mine = held.get(file);
    if (!mine || --mine.count > 0) return;
    held.delete(file);
    removeIfMine(mine.lock);
  };
}
