import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { watchSpeed } from "../../src/download/speed-watch.js";
import type { DownloadError } from "../../src/errors.js";
import { VirtualClock } from "../virtual-clock.js";

describe("watchSpeed", () => {
	function watch(thresholdBps: number, windowMs = 1000) {
		const clock = new VirtualClock(undefined, false);
		let received = 0;
		const ticks: number[] = [];
		const slow: DownloadError[] = [];
		const stop = watchSpeed(clock, {
			slowWindowMs: windowMs,
			speedThresholdBps: thresholdBps,
			received: () => received,
			onTick: (bps) => ticks.push(bps),
			onSlow: (e) => slow.push(e),
		});
		return { clock, ticks, slow, stop, add: (n: number) => (received += n) };
	}

	it("ticks on the clock (every 100 ms for a 1 s window) with the speed so far", () => {
		const w = watch(0);
		w.add(1000);
		w.clock.advance(100);
		assert.deepEqual(w.ticks, [10_000]);
		w.clock.advance(300);
		assert.equal(w.ticks.length, 4);
	});

	it("calls a stall slow once a whole window has passed, once", () => {
		const w = watch(1024);
		w.clock.advance(900);
		assert.equal(w.slow.length, 0, "not before a whole window");
		w.clock.advance(200);
		assert.equal(w.slow.length, 1);
		assert.equal(w.slow[0]!.kind, "slow");
		w.clock.advance(2000);
		assert.equal(w.slow.length, 1);
	});

	it("leaves a fast enough download alone, and stops ticking when stopped", () => {
		const w = watch(1024);
		for (let i = 0; i < 30; i++) {
			w.add(1024);
			w.clock.advance(100);
		}
		assert.equal(w.slow.length, 0);
		const seen = w.ticks.length;
		w.stop();
		w.clock.advance(1000);
		assert.equal(w.ticks.length, seen);
		assert.equal(w.clock.pending, 0);
	});
});
