import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Pacer } from "../../src/download/pacer.js";
import { VirtualClock } from "../virtual-clock.js";

const T0 = Date.UTC(2026, 10, 30);

function pacer(sleepMs: number) {
	const clock = new VirtualClock(T0);
	const waits: number[] = [];
	const p = new Pacer(clock, sleepMs, new AbortController().signal, (ms) => waits.push(ms));
	/** Take a slot and say when (ms since T0) it was given. */
	const take = async () => {
		await p.slot();
		return clock.now() - T0;
	};
	return { clock, p, waits, take };
}

describe("pacer", () => {
	it("the first download request goes at once, each later one sleepMs after the previous", async () => {
		const { take, waits } = pacer(1000);
		assert.equal(await take(), 0);
		assert.deepEqual(waits, []);
		assert.equal(await take(), 1000);
		assert.deepEqual(waits, [1000]);
	});

	it("three lanes asking at once get slots one sleepMs apart", async () => {
		const { take } = pacer(1000);
		const given = await Promise.all([take(), take(), take(), take()]);
		assert.deepEqual(
			[...given].sort((a, b) => a - b),
			[0, 1000, 2000, 3000],
		);
	});

	it("a completed download pushes the next request sleepMs past its end", async () => {
		const { take, p, clock } = pacer(1000);
		await take();
		clock.advance(5000); // a long transfer
		p.completed();
		assert.equal(await take(), 6000);
	});

	it("a back-off holds every lane's next request and the metadata requests too", async () => {
		const { take, p, clock } = pacer(0);
		await take();
		p.backOff(120_000);
		const polite = p.polite().then(() => clock.now() - T0);
		assert.deepEqual(await Promise.all([take(), take(), polite]), [120_000, 120_000, 120_000]);
	});

	it("with no pacing and no back-off nothing waits", async () => {
		const { take, clock } = pacer(0);
		for (let i = 0; i < 5; i++) assert.equal(await take(), 0);
		assert.deepEqual(clock.sleeps, []);
	});

	it("an interrupt ends the wait", async () => {
		const clock = new VirtualClock(T0, false);
		const ac = new AbortController();
		const p = new Pacer(clock, 1000, ac.signal);
		await p.slot();
		const waiting = p.slot();
		ac.abort();
		await assert.rejects(waiting, { name: "InterruptedError" });
	});
});
