import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decideRetry } from "../../src/core/retry-policy.js";
import { DownloadError } from "../../src/errors.js";
import { msg } from "../../src/i18n/msg.js";
import { type Attempts, oneLadder, type RetryNotice, retrying } from "../../src/requests/retry.js";
import { VirtualClock } from "../virtual-clock.js";

const ladders = { seedMs: [60_000, 180_000, 300_000], networkMs: [10_000, 30_000] };
const fail = (kind: "rate_limited" | "network" | "not_found", extra: { status?: number; midBody?: boolean } = {}) =>
	new DownloadError(kind, msg("errCannotReach", { host: "h", code: "x" }), extra);

/** A function failing with the given errors in turn, then answering "ok". */
function script(errors: unknown[]) {
	let calls = 0;
	return {
		fn: async () => {
			const e = errors[calls++];
			if (e !== undefined) throw e;
			return "ok";
		},
		calls: () => calls,
	};
}

describe("the one retry executor", () => {
	it("each failure waits on its own ladder, counted on its own; the notice says which retry of how many", async () => {
		const clock = new VirtualClock();
		const s = script([fail("network"), fail("rate_limited", { status: 429 }), fail("network", { status: 502 })]);
		const notices: RetryNotice[] = [];
		assert.equal(await retrying(s.fn, { clock, ladders, beforeWait: (n) => void notices.push(n) }), "ok");
		assert.deepEqual(clock.sleeps, [10_000, 60_000, 30_000]);
		assert.deepEqual(
			notices.map((n) => [n.ladder, n.retry, n.max]),
			[
				["network", 1, 2],
				["seed", 1, 3],
				["network", 2, 2],
			],
		);
	});

	it("a ladder used up throws the last failure; a failure that is not retried throws at once", async () => {
		const clock = new VirtualClock();
		const three = script([fail("network"), fail("network"), fail("network")]);
		await assert.rejects(retrying(three.fn, { clock, ladders }), (e: DownloadError) => e.kind === "network");
		assert.equal(three.calls(), 3);
		const notFound = script([fail("not_found", { status: 404 })]);
		await assert.rejects(retrying(notFound.fn, { clock, ladders }), (e: DownloadError) => e.kind === "not_found");
		assert.equal(notFound.calls(), 1);
		const bug = script([new TypeError("ours")]);
		await assert.rejects(retrying(bug.fn, { clock, ladders }), TypeError);
	});

	it("new bytes since the last failure give the ladders back; the attempts are kept across calls", async () => {
		const clock = new VirtualClock();
		let bytes = 0;
		const attempts: Attempts = { retries: 0 };
		const drops = Array.from({ length: 5 }, () => fail("network", { midBody: true }));
		let calls = 0;
		const fn = async () => {
			bytes += 100; // every attempt moves the file forward before it drops
			if (calls++ < drops.length) throw drops[calls - 1];
			return "done";
		};
		assert.equal(await retrying(fn, { clock, ladders, attempts, progress: () => bytes }), "done");
		assert.deepEqual(
			clock.sleeps,
			[60_000, 60_000, 60_000, 60_000, 60_000],
			"a drop mid-body waits on the seed's ladder, from its start each time",
		);
		assert.equal(attempts.retries, 5);
		const stuck = script(Array.from({ length: 4 }, () => fail("network", { midBody: true })));
		await assert.rejects(retrying(stuck.fn, { clock, ladders, attempts: { retries: 0 }, progress: () => bytes }));
		assert.deepEqual(clock.sleeps.slice(5), [60_000, 180_000, 300_000], "no progress: the ladder runs out");
	});

	it("an abort ends the wait at once, as an interrupt; a beforeWait that throws stops retrying without waiting", async () => {
		const clock = new VirtualClock(undefined, false);
		const ac = new AbortController();
		const s = script([fail("rate_limited", { status: 429 })]);
		const running = retrying(s.fn, { clock, ladders, signal: ac.signal });
		while (clock.pending === 0) await new Promise((r) => setImmediate(r));
		ac.abort();
		await assert.rejects(running, { name: "InterruptedError" });
		const parked = new Error("parked");
		const t = script([fail("rate_limited", { status: 429 })]);
		await assert.rejects(
			retrying(t.fn, {
				clock,
				ladders,
				beforeWait: () => {
					throw parked;
				},
			}),
			(e) => e === parked,
		);
		assert.equal(clock.sleeps.length, 1, "only the aborted wait was asked for");
	});

	it("oneLadder: every retryable failure on the one ladder given (webhooks, a segment's drops)", async () => {
		const clock = new VirtualClock();
		const s = script([fail("network"), fail("rate_limited", { status: 503 })]);
		const decide = oneLadder((f, soFar, delays) => decideRetry(f, soFar, delays));
		assert.equal(await retrying(s.fn, { clock, ladders: { seedMs: [2000, 10_000], networkMs: [] }, decide }), "ok");
		assert.deepEqual(clock.sleeps, [2000, 10_000]);
	});
});
