import { mkdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import lockfile from "proper-lockfile";
import { type LockOwner, LockTimeoutError } from "../errors.js";
import type { Clock } from "../platform/clock.js";

export { type LockOwner, LockTimeoutError };

export interface LockOptions {
	/** Give up after waiting this long (ms); 0 = do not wait. */
	timeoutMs: number;
	clock: Clock;
	signal?: AbortSignal;
	/** Called once when the lock is busy and we start waiting. */
	onWait?: (owner: LockOwner | null) => void;
	/** Called when a dead process's lock is taken over. */
	onStale?: (owner: LockOwner | null) => void;
	/** Called if another process removed our lock while we held it. */
	onCompromised?: (e: Error) => void;
	/** A lock whose heartbeat is older than this is stale even when its owner cannot be checked (another host). */
	staleMs?: number;
	pollMs?: number;
	command?: string;
}

export type Release = () => Promise<void>;

export function lockPathFor(file: string): string {
	return `${file}.lock`;
}

const OWNER = "owner.json";

async function readOwner(lockDir: string): Promise<LockOwner | null> {
	try {
		const o = JSON.parse(await readFile(join(lockDir, OWNER), "utf8")) as Partial<LockOwner>;
		return typeof o.pid === "number" && typeof o.host === "string"
			? { pid: o.pid, host: o.host, startedAt: String(o.startedAt ?? ""), command: String(o.command ?? "") }
			: null;
	} catch {
		return null;
	}
}

/** Gone: on this host and no such process. Unknown owners (another host, no owner file) are judged by the heartbeat. */
function ownerIsDead(owner: LockOwner | null): boolean {
	if (owner === null || owner.host !== hostname()) return false;
	try {
		process.kill(owner.pid, 0);
		return false;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === "ESRCH";
	}
}

async function heartbeatAge(lockDir: string, now: number): Promise<number | undefined> {
	try {
		return now - (await stat(lockDir)).mtimeMs;
	} catch {
		return undefined;
	}
}

/**
 * Take the lock beside `file` (`<file>.lock`, a folder: mkdir is atomic), waiting for another
 * process up to `timeoutMs`. A lock whose owner died on this host is taken over at once; one whose
 * heartbeat stopped for `staleMs` is taken over too. Resolves to the release function.
 */
export async function acquireLock(file: string, opts: LockOptions): Promise<Release> {
	const lockDir = lockPathFor(file);
	const staleMs = opts.staleMs ?? 30_000;
	const pollMs = opts.pollMs ?? 250;
	await mkdir(dirname(file), { recursive: true });
	const deadline = opts.clock.now() + opts.timeoutMs;
	let waited = false;
	let firstBusy: number | undefined;
	for (;;) {
		try {
			const release = await lockfile.lock(file, {
				lockfilePath: lockDir,
				realpath: false,
				retries: 0,
				stale: staleMs,
				update: Math.max(1000, Math.floor(staleMs / 3)),
				onCompromised: (e) => opts.onCompromised?.(e),
			});
			const owner: LockOwner = {
				pid: process.pid,
				host: hostname(),
				startedAt: new Date(opts.clock.now()).toISOString(),
				command: opts.command ?? "",
			};
			// adding a file changes the folder's mtime, which proper-lockfile's heartbeat checks as its own: put it back
			try {
				const { mtime } = await stat(lockDir);
				await writeFile(join(lockDir, OWNER), JSON.stringify(owner));
				await utimes(lockDir, mtime, mtime);
			} catch (e) {
				// no room for the owner file (a full disk): the lock is not left behind for the next run to wait on
				await rm(join(lockDir, OWNER), { force: true }).catch(() => {});
				await release().catch(() => rm(lockDir, { recursive: true, force: true }).catch(() => {}));
				throw e;
			}
			return async () => {
				await rm(join(lockDir, OWNER), { force: true });
				await release().catch(() => rm(lockDir, { recursive: true, force: true }));
			};
		} catch (e) {
			const code = (e as NodeJS.ErrnoException).code;
			// ENOTEMPTY: proper-lockfile found it stale but cannot rmdir a folder with our owner file in it
			if (code !== "ELOCKED" && code !== "ENOTEMPTY") throw e;
		}
		const owner = await readOwner(lockDir);
		const age = await heartbeatAge(lockDir, opts.clock.now());
		if (ownerIsDead(owner) || (age !== undefined && age > staleMs)) {
			opts.onStale?.(owner);
			await rm(lockDir, { recursive: true, force: true });
			continue;
		}
		if (opts.clock.now() >= deadline) throw new LockTimeoutError(lockDir, owner, opts.timeoutMs);
		// the holder writes its owner file just after taking the lock: give it a moment, so that the
		// message can name the other process
		firstBusy ??= opts.clock.now();
		if (!waited && (owner !== null || opts.clock.now() - firstBusy >= 1000)) {
			waited = true;
			opts.onWait?.(owner);
		}
		await opts.clock.sleep(Math.min(pollMs, Math.max(1, deadline - opts.clock.now())), opts.signal);
	}
}
