import assert from "node:assert/strict";
import fsp, { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { FS_RETRY_BOUND_MS, fsRetryDelays, transientFsError } from "../../src/core/fs-retry.js";
import { writeFileAtomic } from "../../src/platform/atomic-write.js";
import { type RetriedFs, removeRetrying, renameRetrying } from "../../src/platform/fs-retry.js";
import { tempDir } from "../helpers.js";
import { VirtualClock } from "../virtual-clock.js";

/** The real file system, whose `rename` and `rm` first fail `times` times with `code` (a scanner holding the file). */
function heldFor(times: number, code: string): RetriedFs & { calls: { rename: number; rm: number } } {
	const calls = { rename: 0, rm: 0 };
	const fail = (syscall: string) => Object.assign(new Error(`${code}: resource busy or locked, ${syscall}`), { code, syscall });
	return {
		calls,
		rename: async (from, to) => {
			if (++calls.rename <= times) throw fail("rename");
			return fsp.rename(from, to);
		},
		rm: async (path, opts) => {
			if (++calls.rm <= times) throw fail("unlink");
			return fsp.rm(path, opts);
		},
	};
}

describe("which failures pass (core/fs-retry.ts)", () => {
	const cases: [string, NodeJS.Platform, boolean][] = [
		["EBUSY", "linux", true],
		["EBUSY", "win32", true],
		["EPERM", "win32", true],
		["EACCES", "win32", true],
		["EPERM", "linux", false],
		["EACCES", "darwin", false],
		["ENOENT", "win32", false],
		["EXDEV", "win32", false],
	];
	for (const [code, platform, want] of cases)
		it(`${code} on ${platform}: ${want ? "tried again" : "fails at once"}`, () => assert.equal(transientFsError(code, platform), want));
	it("the waits grow from 10 ms to 1 s and stay within the bound", () => {
		const d = fsRetryDelays();
		assert.equal(d[0], 10);
		assert.ok(d.every((x, i) => i === 0 || x >= d[i - 1]!));
		assert.ok(Math.max(...d) <= 1000);
		assert.ok(d.reduce((a, b) => a + b, 0) <= FS_RETRY_BOUND_MS);
		assert.ok(d.reduce((a, b) => a + b, 0) > FS_RETRY_BOUND_MS - 1000);
		assert.deepEqual(fsRetryDelays(100), [10, 20, 40]);
	});
});

describe("a rename or unlink held up for a moment (an injected file system that fails N times)", () => {
	it("a rename that fails 5 times with EPERM on Windows succeeds on the 6th, after short waits", async () => {
		const dir = await tempDir();
		await writeFile(join(dir, "a.part"), "bytes");
		const fs = heldFor(5, "EPERM");
		const clock = new VirtualClock();
		await renameRetrying(join(dir, "a.part"), join(dir, "a.safetensors"), { fs, clock, platform: "win32" });
		assert.equal(fs.calls.rename, 6);
		assert.deepEqual(clock.sleeps, [10, 20, 40, 80, 160]);
		assert.equal(await readFile(join(dir, "a.safetensors"), "utf8"), "bytes");
	});

	it("EBUSY and EACCES pass too; an unlink held up is retried the same way", async () => {
		const dir = await tempDir();
		await writeFile(join(dir, "b.part"), "x");
		await renameRetrying(join(dir, "b.part"), join(dir, "b"), { fs: heldFor(3, "EBUSY"), clock: new VirtualClock(), platform: "linux" });
		await renameRetrying(join(dir, "b"), join(dir, "c"), { fs: heldFor(2, "EACCES"), clock: new VirtualClock(), platform: "win32" });
		const fs = heldFor(4, "EBUSY");
		await removeRetrying(join(dir, "c"), { fs, clock: new VirtualClock() });
		assert.equal(fs.calls.rm, 5);
		assert.deepEqual(await readdir(dir), []);
	});

	it("held longer than the bound: the error after the last try, the file left as it was", async () => {
		const dir = await tempDir();
		await writeFile(join(dir, "a.part"), "bytes");
		const fs = heldFor(1000, "EPERM");
		const clock = new VirtualClock();
		await assert.rejects(renameRetrying(join(dir, "a.part"), join(dir, "a"), { fs, clock, platform: "win32", boundMs: 500 }), {
			code: "EPERM",
		});
		assert.equal(fs.calls.rename, fsRetryDelays(500).length + 1);
		assert.ok(clock.sleeps.reduce((a, b) => a + b, 0) <= 500);
		assert.deepEqual(await readdir(dir), ["a.part"]);
	});

	it("EPERM on Linux means no permission: one try, no wait", async () => {
		const dir = await tempDir();
		await writeFile(join(dir, "a.part"), "bytes");
		const fs = heldFor(1, "EPERM");
		const clock = new VirtualClock();
		await assert.rejects(renameRetrying(join(dir, "a.part"), join(dir, "a"), { fs, clock, platform: "linux" }), { code: "EPERM" });
		assert.equal(fs.calls.rename, 1);
		assert.deepEqual(clock.sleeps, []);
	});

	it("a whole-file write (sidecars, failed lists, the config) rides out a rename held 3 times", async () => {
		const dir = await tempDir();
		const held = heldFor(3, "EBUSY");
		const clock = new VirtualClock();
		await writeFileAtomic(join(dir, "x.json"), "{}", { fs: { ...fsp, ...held }, retry: { clock } });
		assert.equal(held.calls.rename, 4);
		assert.equal(await readFile(join(dir, "x.json"), "utf8"), "{}");
		assert.deepEqual(await readdir(dir), ["x.json"], "no temporary file left");
	});
});
