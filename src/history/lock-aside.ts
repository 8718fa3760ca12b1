import { readdir, rm, rmdir, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** The lock folders beside a lock (history/lock.ts) that are done with: set aside by take-overs, or released. */

/** The lock folder's owner file. */
export const OWNER_FILE = "owner.json";

/**
 * How coarse a file system may keep the heartbeat's time: FAT32 keeps mtimes to 2 seconds, exFAT
 * through FUSE to the second, some network shares round too. A heartbeat written at 12:00:01.9 may
 * read back as 12:00:00: a lock is stale only once its heartbeat is older than `staleMs` plus this, so
 * that a live holder (beating every `staleMs / 3`) is never judged dead for want of sub-second mtimes.
 */
export const MTIME_GRAIN_MS = 2000;

/**
 * A throttle for sweeps: `due(key, now, windowMs)` is true when no sweep of `key` ran within `windowMs`
 * before `now` (or the clock stepped back), and then counts this one. Nothing set aside since the last
 * sweep is old enough to go before the window has passed.
 */
export function sweepThrottle(): (key: string, now: number, windowMs: number) => boolean {
	const sweptAt = new Map<string, number>();
	return (key, now, windowMs) => {
		const last = sweptAt.get(key);
		if (last !== undefined && now >= last && now - last < windowMs) return false;
		sweptAt.set(key, now);
		return true;
	};
}

/** A lock taken for every append reads its folder once per `staleMs`. */
const cleanUpDue = sweepThrottle();

/** Delete what take-overs and crashed takers left beside the lock, once older than `staleMs`. */
export async function cleanUp(lockDir: string, staleMs: number, now: number): Promise<void> {
	if (!cleanUpDue(lockDir, now, staleMs)) return;
	const dir = dirname(lockDir);
	const prefix = `${basename(lockDir)}.`;
	const names = await readdir(dir).catch(() => [] as string[]);
	for (const n of names) {
		if (!n.startsWith(prefix) || !/^(stale|new|released)-[0-9a-f]+$/.test(n.slice(prefix.length))) continue;
		const at = join(dir, n);
		const s = await stat(at).catch(() => null);
		if (s !== null && now - s.mtimeMs > staleMs + MTIME_GRAIN_MS) await rm(at, { recursive: true, force: true }).catch(() => {});
	}
}

/**
 * Delete a released lock folder: it holds our owner file and nothing else, so two calls do it (a
 * recursive rm lists the folder first, and Node 20's waits on a synchronous lstat); whatever else is
 * found in it is deleted too.
 */
export async function removeReleased(gone: string): Promise<void> {
	try {
		await unlink(join(gone, OWNER_FILE));
		await rmdir(gone);
	} catch {
		await rm(gone, { recursive: true, force: true });
	}
}
