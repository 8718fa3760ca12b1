import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { InterruptedError } from "../../src/errors.js";
import { systemClock } from "../../src/platform/clock.js";

/** Node's timers hold at most 2^31-1 ms (24.8 days); a longer one is set to 1 ms, with a warning. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

describe("the system clock's long waits", () => {
	it("a wait longer than a timer can hold (a monthly schedule's next run) is not cut to 1 ms", async () => {
		const ac = new AbortController();
		let woke = false;
		const wait = systemClock.sleep(LONGEST_TIMER_MS + 60_000, ac.signal).then(() => {
			woke = true;
		});
		const early = wait.catch(() => {});
		await delay(300);
		assert.equal(woke, false, "a wait of 24.8 days and a minute ended at once");
		ac.abort();
		await assert.rejects(wait, InterruptedError);
		await early;
	});

	it("a tick period longer than a timer can hold does not fire every millisecond", async () => {
		let ticks = 0;
		const stop = systemClock.every(LONGEST_TIMER_MS * 2, () => ticks++);
		await delay(300);
		stop();
		assert.equal(ticks, 0);
	});
});
