import assert from "node:assert/strict";
import fsp, { readdir, stat } from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { basename, join } from "node:path";
import { afterEach, describe, it, mock } from "node:test";
import { download } from "../../src/engine.js";
import { readCsv } from "../../src/history/csv-file.js";
import { acquireLock, lockPathFor } from "../../src/history/lock.js";
import { systemClock } from "../../src/platform/clock.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY, tempDir } from "../helpers.js";

/** The disk holding the history has no room for the lock's owner file (writeFile of owner.json: ENOSPC). */
function noRoomForTheLockOwner(): void {
	const real = fsp.writeFile;
	mock.method(fsp, "writeFile", (path: unknown, ...rest: unknown[]) => {
		if (typeof path === "string" && basename(path) === "owner.json") {
			return Promise.reject(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write" }));
		}
		return (real as (...a: unknown[]) => Promise<void>)(path, ...rest);
	});
	syncBuiltinESMExports();
}

afterEach(() => {
	mock.restoreAll();
	syncBuiltinESMExports();
});

describe("a full disk at the history", () => {
	it("taking the lock: the error is the disk's, and no lock is left behind for the next run to wait on", async () => {
		const file = join(await tempDir(), "history.csv");
		noRoomForTheLockOwner();
		await assert.rejects(acquireLock(file, { clock: systemClock, timeoutMs: 0 }), { code: "ENOSPC" });
		mock.restoreAll();
		syncBuiltinESMExports();
		await assert.rejects(stat(lockPathFor(file)), { code: "ENOENT" });
		await (await acquireLock(file, { clock: systemClock, timeoutMs: 0 }))();
	});

	it("a run: its own words, every item parked (exit 3's `disk`), a summary and a failed list, nothing downloaded, no lock left", async () => {
		const server = await fakeCivitai();
		const { dir, engine, events } = await inProcess(server.baseUrl, { settings: { apiKey: KEY, sleepMs: 0 } });
		noRoomForTheLockOwner();
		const summary = await download(["version:2000", "version:3000"], { ...engine, lock: { timeoutMs: 1000 } });
		mock.restoreAll();
		syncBuiltinESMExports();
		assert.equal(summary.stoppedBy, "disk");
		assert.equal(summary.parked, 2);
		assert.equal(summary.succeeded + summary.failed, 0);
		assert.equal(server.requests.filter((q) => q.path.startsWith("/api/download/")).length, 0, "nothing downloaded");
		const warnings = events.flatMap((e) => (e.type === "warning" ? [e.message] : []));
		assert.deepEqual(warnings, [
			`The disk holding the history ${engine.settings.historyFile} is full: nothing could be recorded there, so nothing is downloaded and every item is parked. Free some space and run the same command again.`,
		]);
		assert.ok(events.some((e) => e.type === "summary"));
		const parked = (await readCsv(join(dir, "failed.csv"))).rows.map((r) => [r.cells.url, r.cells.error_kind]);
		assert.deepEqual(parked, [
			["version:2000", "disk"],
			["version:3000", "disk"],
		]);
		assert.ok(!(await readdir(dir)).some((n) => n.endsWith(".lock")), "the lock is released");
	});
});

describe("a failed list asked for where a symlink stands (--failed-out)", () => {
	it("is not written through the link: a warning in the writer's words, the run ends with its summary", {
		skip: process.platform === "win32",
	}, async () => {
		// a download that fails (an error page instead of the file): it goes to the failed list
		const server = await fakeCivitai({ faults: [{ version: 2000, attempt: "every", kind: "html_body" }] });
		const { dir, engine, events } = await inProcess(server.baseUrl, { settings: { apiKey: KEY, sleepMs: 0 } });
		const victim = join(dir, "victim.csv");
		await fsp.writeFile(victim, "precious\n");
		const link = join(dir, "failed-link.csv");
		await fsp.symlink(victim, link);
		const summary = await download(["version:2000"], { ...engine, failedOut: link });
		assert.equal(summary.failed, 1);
		assert.equal(summary.failedListPath, null);
		assert.equal(await fsp.readFile(victim, "utf8"), "precious\n");
		const warnings = events.flatMap((e) => (e.type === "warning" ? [e.message] : []));
		assert.deepEqual(warnings, [
			`Not writing ${link}: it is a symbolic link, and civitai-dl never writes through one. Remove the link (or put a regular file there) if civitai-dl should write it.`,
		]);
		assert.ok(events.some((e) => e.type === "summary"));
	});
});
