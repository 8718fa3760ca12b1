import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sitesOf } from "../../src/core/sites.js";
import { isDownloadRequest, Pacer } from "../../src/requests/pacer.js";
import { VirtualClock } from "../virtual-clock.js";

const T0 = Date.UTC(2026, 10, 30);

function pacer(sleepMs: number) {
	const clock = new VirtualClock(T0);
	const waits: number[] = [];
	const p = new Pacer(clock, { sleepMs, lookupPauseMs: 300 }, new AbortController().signal, (ms) => waits.push(ms));
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
		const p = new Pacer(clock, { sleepMs: 1000 }, ac.signal);
		await p.slot();
		const waiting = p.slot();
		ac.abort();
		await assert.rejects(waiting, { name: "InterruptedError" });
	});

	it("lookups get their own slots, lookupPauseMs apart, and wait out the shared back-off; they do not take download slots", async () => {
		const { p, clock, take } = pacer(1000);
		const lookup = async () => {
			await p.lookupSlot();
			return clock.now() - T0;
		};
		assert.deepEqual(await Promise.all([lookup(), lookup(), lookup()]), [0, 300, 600]);
		// a download request is not held back by the lookups before it
		assert.equal(await take(), 600);
		p.backOff(5000);
		assert.equal(await lookup(), 5600, "a 429 anywhere pushes the next lookup back too");
	});
});

describe("which requests the pacing counts", () => {
	const sites = sitesOf({ baseUrl: "https://civitai.com", redBaseUrl: "https://civitai.red" });
	const table: [string, string, string, boolean][] = [
		["a download on the base site", "https://civitai.com", "/api/download/models/1?fileId=2", true],
		["a download on the red site", "https://civitai.red", "/api/download/models/1", true],
		["metadata on the base site", "https://civitai.com", "/api/v1/model-versions/1", false],
		["the same path on a storage host", "https://b2.civitai.com", "/api/download/models/1", false],
		["another port of the base host", "https://civitai.com:8443", "/api/download/models/1", false],
		["no origin", "", "/api/download/models/1", false],
	];
	for (const [name, origin, path, paced] of table) {
		it(name, () => assert.equal(isDownloadRequest({ origin: origin || undefined, path } as never, sites), paced));
	}
});
