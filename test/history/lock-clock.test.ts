import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { acquireLock, lockPathFor } from "../../src/history/lock.js";
import { systemClock } from "../../src/platform/clock.js";
import { tempDir } from "../helpers.js";

describe("history lock on the clock", () => {
	it("a lock's heartbeat age is measured on the given clock: ten minutes later, a fresh-looking lock is stale", async () => {
		const dir = await tempDir();
		const file = join(dir, "history.csv");
		await mkdir(lockPathFor(file)); // a lock with no owner file: judged by its heartbeat only
		const later = { ...systemClock, now: () => Date.now() + 10 * 60_000 };
		let stale = 0;
		const release = await acquireLock(file, { clock: later, timeoutMs: 0, pollMs: 20, onStale: () => stale++ });
		assert.equal(stale, 1);
		await release();
	});
});
