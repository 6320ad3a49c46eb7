import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { DqError } from '@dq/plugin-api';

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/**
 * An exclusive lock on the embedded database directory: a file holding the owner's pid. PGlite
 * is single-process; a second process opening the same directory would corrupt it. The lock is
 * pid-based rather than heartbeat-based because PGlite runs long statements synchronously in
 * WASM, which would starve a heartbeat timer and make a live lock look stale.
 */
export class EmbeddedLock {
  private held = false;
  private readonly onExit = () => this.release();

  constructor(readonly path: string) {}

  acquire(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.path, 'wx');
        const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
        writeSync(fd, JSON.stringify(owner));
        closeSync(fd);
        this.held = true;
        process.once('exit', this.onExit);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = readOwner(this.path);
      if (owner && isAlive(owner)) {
        throw new DqError(
          'DQ_DB_LOCKED',
          `The embedded database ${this.path.replace(/\.lock$/, '')} is in use by another dq process (pid ${owner.pid} on ${owner.host}, since ${owner.startedAt}); lock file ${this.path}.`,
        );
      }
      // The owner is gone (crashed or killed): the lock is stale and safe to take over.
      try {
        unlinkSync(this.path);
      } catch {
        /* another process removed it first; retry */
      }
    }
    throw new DqError('DQ_DB_LOCKED', `Could not take the embedded database lock ${this.path}.`);
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    process.removeListener('exit', this.onExit);
    try {
      const owner = readOwner(this.path);
      if (owner?.pid === process.pid) unlinkSync(this.path);
    } catch {
      /* already gone */
    }
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return undefined; // unreadable or half-written: treat as stale
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true; // cannot check another host's process: assume alive
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
