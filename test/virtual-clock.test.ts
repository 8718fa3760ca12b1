import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InterruptedError } from "../src/errors.js";
import { VirtualClock } from "./virtual-clock.js";

describe("virtual clock", () => {
	it("jumps to each sleep's deadline in order, recording the waits", async () => {
		const clock = new VirtualClock(0);
		const woke: [string, number][] = [];
		await Promise.all([
			clock.sleep(180_000).then(() => woke.push(["b", clock.now()])),
			clock.sleep(60_000).then(() => woke.push(["a", clock.now()])),
		]);
		assert.deepEqual(woke, [
			["a", 60_000],
			["b", 180_000],
		]);
		assert.deepEqual(clock.sleeps, [180_000, 60_000]);
	});

	it("an aborted sleep rejects at once with InterruptedError", async () => {
		const clock = new VirtualClock(0, false);
		const ac = new AbortController();
		const p = clock.sleep(1000, ac.signal);
		ac.abort();
		await assert.rejects(p, InterruptedError);
		assert.equal(clock.pending, 0);
	});

	it("ticks fire on the way while time is advanced by hand, and stop when cancelled", () => {
		const clock = new VirtualClock(0, false);
		let ticks = 0;
		const stop = clock.every(250, () => ticks++);
		clock.advance(1000);
		assert.equal(ticks, 4);
		stop();
		clock.advance(1000);
		assert.equal(ticks, 4);
	});
});
