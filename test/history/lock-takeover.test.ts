import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { acquireLock, lockPathFor } from "../../src/history/lock.js";
import { systemClock } from "../../src/platform/clock.js";
import { ROOT, tempDir } from "../helpers.js";

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
	const child = spawn(process.execPath, ["-e", ""]);
	await new Promise((r) => child.on("close", r));
	return child.pid!;
}

/** A lock left behind by a run that died (SIGKILL): its folder and owner file, naming a pid that is gone. */
async function deadLock(file: string, pid: number): Promise<void> {
	await mkdir(lockPathFor(file), { recursive: true });
	const owner = { pid, host: hostname(), startedAt: new Date().toISOString(), command: "civitai-dl" };
	await writeFile(join(lockPathFor(file), "owner.json"), JSON.stringify(owner));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("taking over a dead run's lock (issue 25, finding 7)", () => {
	it("in one process: 8 contenders a few ms apart, 60 times: never two owners, each gets it in turn, one take-over each time", async () => {
		const pid = await deadPid();
		let overlaps = 0;
		for (let trial = 0; trial < 60; trial++) {
			const dir = await tempDir();
			const file = join(dir, "history.csv");
			await deadLock(file, pid);
			let holders = 0;
			let stale = 0;
			// started 0-3 ms apart: one contender may look while another is taking over
			const contender = async (_: unknown, k: number) => {
				await sleep(k % 4);
				const release = await acquireLock(file, { clock: systemClock, timeoutMs: 20_000, pollMs: 5, onStale: () => stale++ });
				holders++;
				if (holders > 1) overlaps++;
				await sleep(3);
				holders--;
				await release();
			};
			await Promise.all(Array.from({ length: 8 }, contender));
			assert.equal(stale, 1, `trial ${trial}: one take-over`);
			// nothing is left beside the history but what a later take-over needs for a moment
			assert.deepEqual(
				(await readdir(dir)).filter((n) => !n.startsWith("history.csv.lock.stale-")),
				[],
				`trial ${trial}`,
			);
		}
		assert.equal(overlaps, 0, "no two contenders ever held the lock at once");
	});

	it("in 8 processes started together, 4 times: never two owners", async () => {
		const pid = await deadPid();
		const script = join(ROOT, "test/history/lock-contender.ts");
		for (let trial = 0; trial < 4; trial++) {
			const dir = await tempDir();
			const file = join(dir, "history.csv");
			const log = join(dir, "holds.log");
			await deadLock(file, pid);
			const startAt = String(Date.now() + 2500);
			const runs = Array.from(
				{ length: 8 },
				() =>
					new Promise<number | null>((resolve) => {
						const child = spawn(process.execPath, ["--import", "tsx", script, file, log, startAt], { cwd: ROOT, stdio: "inherit" });
						child.on("close", resolve);
					}),
			);
			assert.deepEqual(await Promise.all(runs), Array(8).fill(0));
			// each line: pid, when the lock was taken, when it was given back (ms on the monotonic clock all processes share)
			const holds = (await readFile(log, "utf8"))
				.trim()
				.split("\n")
				.map((l) => l.split(" ").map(Number) as [number, number, number])
				.sort((a, b) => a[1] - b[1]);
			assert.equal(holds.length, 8);
			for (let i = 1; i < holds.length; i++) {
				assert.ok(
					holds[i]![1] >= holds[i - 1]![2],
					`trial ${trial}: ${holds[i - 1]![0]} and ${holds[i]![0]} held it at once (${(holds[i - 1]![2] - holds[i]![1]).toFixed(3)} ms)`,
				);
			}
		}
	});
});

describe("a stale lock folder without an owner file", () => {
	it("with other things in it: taken over once its heartbeat is old, by one of several waiters", async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		await mkdir(join(lockPathFor(file), "junk"), { recursive: true });
		const old = new Date(Date.now() - 60_000);
		await utimes(lockPathFor(file), old, old);
		let stale = 0;
		let holders = 0;
		let overlaps = 0;
		await Promise.all(
			Array.from({ length: 6 }, async (_, k) => {
				await sleep(k % 3);
				const release = await acquireLock(file, { clock: systemClock, timeoutMs: 10_000, pollMs: 5, onStale: () => stale++ });
				holders++;
				if (holders > 1) overlaps++;
				await sleep(2);
				holders--;
				await release();
			}),
		);
		assert.equal(stale, 1);
		assert.equal(overlaps, 0);
	});
});
