import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { acquireLock, LockTimeoutError } from "../../src/history/lock.js";
import { type Clock, systemClock } from "../../src/platform/clock.js";
import { exfatFor } from "../exfat-mount.js";
import { tempDir } from "../helpers.js";

/**
 * A holder whose heartbeat times are kept to the 2 seconds, as FAT32 keeps mtimes: its clock reads
 * the time rounded down to 2 s, so every time it writes on the lock folder is what FAT would store.
 */
const fatTimes: Clock = { ...systemClock, now: () => Math.floor(Date.now() / 2000) * 2000 };

/** Wait for the lock held by another for `forMs`: true when it was taken over (a live holder judged dead). */
async function takenOver(file: string, forMs: number): Promise<boolean> {
	let stale = 0;
	try {
		const release = await acquireLock(file, { clock: systemClock, timeoutMs: forMs, pollMs: 20, staleMs: 1500, onStale: () => stale++ });
		await release();
	} catch (e) {
		if (!(e instanceof LockTimeoutError)) throw e;
	}
	return stale > 0;
}

describe("the lock on a file system with coarse timestamps", () => {
	it("a live holder whose heartbeats are stored to the 2 s (FAT32) is never taken over", async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		const problems: Error[] = [];
		// heartbeat every 1 s (the floor), stale after 1.5 s: a 2 s grain alone makes it look 2-3 s old
		const release = await acquireLock(file, { clock: fatTimes, timeoutMs: 0, staleMs: 1500, onCompromised: (e) => problems.push(e) });
		try {
			assert.equal(await takenOver(file, 3500), false, "a waiter took over a live lock");
		} finally {
			await release();
		}
		assert.deepEqual(problems, []);
	});

	it("on a real exFAT mount (mtimes to the second through FUSE), a live holder is never taken over", async (t) => {
		const mount = await exfatFor(t);
		if (!mount) return;
		const file = join(mount, "history.csv");
		const problems: Error[] = [];
		const release = await acquireLock(file, { clock: systemClock, timeoutMs: 0, staleMs: 1500, onCompromised: (e) => problems.push(e) });
		try {
			assert.equal(await takenOver(file, 3500), false, "a waiter took over a live lock");
		} finally {
			await release();
		}
		assert.deepEqual(problems, []);
	});
});
