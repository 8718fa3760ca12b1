import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, stat, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { acquireLock, LockTimeoutError, lockPathFor } from "../../src/history/lock.js";
import { systemClock } from "../../src/platform/clock.js";
import { processStart } from "../../src/platform/process-start.js";
import { tempDir } from "../helpers.js";

const fast = { clock: systemClock, pollMs: 20 };

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
	const child = spawn(process.execPath, ["-e", ""]);
	await new Promise((r) => child.on("close", r));
	return child.pid!;
}

describe("history lock", () => {
	it("is a folder beside the file, removed on release, and can be taken again", async () => {
		const dir = await tempDir();
		const file = join(dir, "sub", "history.csv");
		const release = await acquireLock(file, { ...fast, timeoutMs: 0 });
		assert.ok((await stat(lockPathFor(file))).isDirectory());
		await release();
		await assert.rejects(stat(lockPathFor(file)), { code: "ENOENT" });
		await (await acquireLock(file, { ...fast, timeoutMs: 0 }))();
	});

	it("a second holder waits (saying so once) and times out with the owner's pid", async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		const release = await acquireLock(file, { ...fast, timeoutMs: 0 });
		let waits = 0;
		const t0 = Date.now();
		await assert.rejects(
			acquireLock(file, { ...fast, timeoutMs: 300, onWait: () => waits++ }),
			(e: unknown) => e instanceof LockTimeoutError && e.owner?.pid === process.pid,
		);
		assert.ok(Date.now() - t0 >= 280);
		assert.equal(waits, 1);
		await release();
	});

	it("noticeAfterMs: a short wait (another run's append) is not told; a longer one is, once", async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		let release = await acquireLock(file, { ...fast, timeoutMs: 0 });
		setTimeout(() => void release(), 100);
		let waits = 0;
		await (await acquireLock(file, { ...fast, timeoutMs: 5000, noticeAfterMs: 400, onWait: () => waits++ }))();
		assert.equal(waits, 0, "held for 0.1 s: no news");
		release = await acquireLock(file, { ...fast, timeoutMs: 0 });
		setTimeout(() => void release(), 700);
		await (await acquireLock(file, { ...fast, timeoutMs: 5000, noticeAfterMs: 400, onWait: () => waits++ }))();
		assert.equal(waits, 1);
	});

	it("makeFolder: false takes the lock in a folder that is there, and makes none", async () => {
		const dir = await tempDir();
		await assert.rejects(acquireLock(join(dir, "missing", "x.part"), { ...fast, timeoutMs: 0, makeFolder: false }), { code: "ENOENT" });
		await (await acquireLock(join(dir, "x.part"), { ...fast, timeoutMs: 0, makeFolder: false }))();
	});

	it("a waiter gets the lock as soon as the holder releases it", async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		const release = await acquireLock(file, { ...fast, timeoutMs: 0 });
		setTimeout(() => void release(), 150);
		const t0 = Date.now();
		const second = await acquireLock(file, { ...fast, timeoutMs: 5000 });
		assert.ok(Date.now() - t0 < 2000);
		await second();
	});

	it("a lock whose owner process is gone is taken over at once", async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		const lockDir = lockPathFor(file);
		await mkdir(lockDir);
		const pid = await deadPid();
		await writeFile(join(lockDir, "owner.json"), JSON.stringify({ pid, host: hostname(), startedAt: "", command: "" }));
		let stale: number | undefined;
		const release = await acquireLock(file, { ...fast, timeoutMs: 0, onStale: (o) => (stale = o?.pid) });
		assert.equal(stale, pid);
		await release();
	});

	it("a lock held by a live process is not taken over", async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		const lockDir = lockPathFor(file);
		await mkdir(lockDir);
		await writeFile(join(lockDir, "owner.json"), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: "", command: "" }));
		await assert.rejects(acquireLock(file, { ...fast, timeoutMs: 100 }), LockTimeoutError);
	});

	it("a lock from another host is judged by its heartbeat: fresh waits, stale is taken over", async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		const lockDir = lockPathFor(file);
		await mkdir(lockDir);
		await writeFile(join(lockDir, "owner.json"), JSON.stringify({ pid: 1, host: "elsewhere", startedAt: "", command: "" }));
		await assert.rejects(acquireLock(file, { ...fast, timeoutMs: 100, staleMs: 5000 }), LockTimeoutError);
		const old = new Date(Date.now() - 60_000);
		await utimes(lockDir, old, old);
		const release = await acquireLock(file, { ...fast, timeoutMs: 100, staleMs: 5000 });
		await release();
	});
});

describe("history lock heartbeat", () => {
	it("a holder keeps its lock across heartbeats (the owner file does not look like a takeover)", async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		const problems: Error[] = [];
		// heartbeat every 1 s; hold it across three of them
		const release = await acquireLock(file, { ...fast, timeoutMs: 0, staleMs: 3000, onCompromised: (e) => problems.push(e) });
		await new Promise((r) => setTimeout(r, 3500));
		await release();
		assert.deepEqual(problems, []);
	});
});

describe("a live owner on this host (red team of issue 25)", () => {
	it("keeps its lock however old its heartbeat (a run stopped with Ctrl-Z is not gone)", {
		skip: processStart(process.pid) === undefined && "no /proc here",
	}, async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		const release = await acquireLock(file, { ...fast, timeoutMs: 0 });
		// the holder's heartbeat stopped a minute ago, as a stopped process's does
		const old = new Date(Date.now() - 60_000);
		await utimes(lockPathFor(file), old, old);
		let stale = 0;
		await assert.rejects(acquireLock(file, { ...fast, timeoutMs: 300, staleMs: 5000, onStale: () => stale++ }), LockTimeoutError);
		assert.equal(stale, 0, "taken over from a live run");
		await release();
	});

	it("an owner file whose pid now names another process (another start) is taken over at once", {
		skip: processStart(process.pid) === undefined && "no /proc here",
	}, async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		const lockDir = lockPathFor(file);
		await mkdir(lockDir);
		const owner = { pid: process.pid, host: hostname(), startedAt: "", command: "civitai-dl", procStart: "1" };
		await writeFile(join(lockDir, "owner.json"), JSON.stringify(owner));
		let stale: number | undefined;
		const release = await acquireLock(file, { ...fast, timeoutMs: 0, onStale: (o) => (stale = o?.pid) });
		assert.equal(stale, process.pid);
		await release();
	});
});
