import assert from "node:assert/strict";
import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { acquireLock, lockPathFor } from "../../src/history/lock.js";
import { type Clock, systemClock } from "../../src/platform/clock.js";
import { tempDir } from "../helpers.js";

/** A folder a take-over set aside beside the lock of `file`, its mtime `ageMs` ago (on the real clock). */
async function setAside(file: string, hex: string, ageMs: number): Promise<string> {
	const path = `${lockPathFor(file)}.stale-${hex}`;
	await mkdir(path);
	await writeFile(join(path, "owner.json"), "{}");
	const at = new Date(Date.now() - ageMs);
	await utimes(path, at, at);
	return path;
}

/** The names beside the lock once the sweep (which the taking does not wait for) has had up to 2 s. */
async function namesOnceSwept(dir: string, gone: string): Promise<string[]> {
	for (let i = 0; i < 100; i++) {
		const names = await readdir(dir);
		if (!names.includes(gone)) return names;
		await sleep(20);
	}
	return readdir(dir);
}

describe("what take-overs set aside beside a lock is swept", () => {
	it("older than staleMs (and the mtime grain): deleted when the lock is taken; younger: kept", async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		const old = await setAside(file, "0123456789abcdef", 60_000);
		const young = await setAside(file, "fedcba9876543210", 0);
		const release = await acquireLock(file, { clock: systemClock, timeoutMs: 0, pollMs: 20 });
		const names = await namesOnceSwept(dir, old.slice(dir.length + 1));
		await release();
		assert.ok(!names.includes(old.slice(dir.length + 1)), `the old one is still there: ${names.join(", ")}`);
		assert.ok(names.includes(young.slice(dir.length + 1)), `the young one went: ${names.join(", ")}`);
	});

	it("at most once per staleMs for each lock: a lock taken for every append does not read its folder every time", async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		let now = Date.now();
		const clock: Clock = { ...systemClock, now: () => now };
		const take = async () => (await acquireLock(file, { clock, timeoutMs: 0, pollMs: 20 }))();
		const first = await setAside(file, "0000000000000001", 60_000);
		await take();
		assert.ok(!(await namesOnceSwept(dir, first.slice(dir.length + 1))).includes(first.slice(dir.length + 1)));
		// another one, old already, appears: the next taking within 30 s leaves it (nothing it could
		// find is new enough to go but this one, which a sweep 30 s later takes)
		const second = await setAside(file, "0000000000000002", 60_000);
		now += 10_000;
		await take();
		await sleep(200);
		assert.ok((await readdir(dir)).includes(second.slice(dir.length + 1)), "swept again within staleMs");
		now += 21_000;
		await take();
		assert.ok(!(await namesOnceSwept(dir, second.slice(dir.length + 1))).includes(second.slice(dir.length + 1)));
	});

	it("a released lock leaves nothing behind: no folder, no set-aside", async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		const release = await acquireLock(file, { clock: systemClock, timeoutMs: 0, pollMs: 20 });
		assert.deepEqual(await readdir(dir), ["history.csv.lock"]);
		await release();
		assert.deepEqual(await readdir(dir), []);
	});
});
