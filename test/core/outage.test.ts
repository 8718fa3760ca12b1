import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type BreakerState, CLOSED_BREAKER, type ItemEnd, isOutageFailure, nextBreaker } from "../../src/core/outage.js";
import { decideItemRetry, type FailureFacts, ladderFor } from "../../src/core/retry-policy.js";

const ladders = { seedMs: [60_000, 180_000, 300_000], networkMs: [10_000, 30_000, 90_000] };
const none = { seed: 0, network: 0 };

describe("retry ladders by failure", () => {
	const table: [string, FailureFacts, { seed: number; network: number }, ReturnType<typeof decideItemRetry>][] = [
		["refused: network ladder", { kind: "network" }, none, { retry: true, delayMs: 10_000, ladder: "network" }],
		["DNS, 2nd network retry", { kind: "network" }, { seed: 0, network: 1 }, { retry: true, delayMs: 30_000, ladder: "network" }],
		["API deadline: network", { kind: "network" }, { seed: 2, network: 2 }, { retry: true, delayMs: 90_000, ladder: "network" }],
		["network ladder spent", { kind: "network" }, { seed: 0, network: 3 }, { retry: false, ladder: "network" }],
		[
			"seed retries do not spend the network ladder",
			{ kind: "network" },
			{ seed: 3, network: 0 },
			{ retry: true, delayMs: 10_000, ladder: "network" },
		],
		["502: network", { kind: "network", status: 502 }, none, { retry: true, delayMs: 10_000, ladder: "network" }],
		["522 Cloudflare: network", { kind: "network", status: 522 }, none, { retry: true, delayMs: 10_000, ladder: "network" }],
		["storage 502: network", { kind: "network", status: 502 }, none, { retry: true, delayMs: 10_000, ladder: "network" }],
		["storage 500: the seed's ladder", { kind: "network", status: 500 }, none, { retry: true, delayMs: 60_000, ladder: "seed" }],
		[
			"expired signed URL (403): the seed's ladder",
			{ kind: "network", status: 403 },
			none,
			{ retry: true, delayMs: 60_000, ladder: "seed" },
		],
		["503: the seed's ladder", { kind: "rate_limited", status: 503 }, none, { retry: true, delayMs: 60_000, ladder: "seed" }],
		[
			"429: the seed's ladder",
			{ kind: "rate_limited", status: 429 },
			{ seed: 1, network: 2 },
			{ retry: true, delayMs: 180_000, ladder: "seed" },
		],
		["slow: the seed's ladder", { kind: "slow" }, none, { retry: true, delayMs: 60_000, ladder: "seed" }],
		["drop mid-body: the seed's ladder", { kind: "network", midBody: true }, none, { retry: true, delayMs: 60_000, ladder: "seed" }],
		["closed early: the seed's ladder", { kind: "network", midBody: true }, { seed: 3, network: 0 }, { retry: false, ladder: "seed" }],
		[
			"Retry-After on a 504 wins",
			{ kind: "network", status: 504, retryAfterMs: 20_000 },
			none,
			{ retry: true, delayMs: 20_000, ladder: "network" },
		],
		["404 never", { kind: "not_found", status: 404 }, none, { retry: false, ladder: "seed" }],
		["quota never", { kind: "quota", status: 429 }, none, { retry: false, ladder: "seed" }],
	];
	for (const [name, f, soFar, expected] of table) it(name, () => assert.deepEqual(decideItemRetry(f, soFar, ladders), expected));
	it("ladderFor", () => {
		assert.equal(ladderFor({ kind: "network" }), "network");
		assert.equal(ladderFor({ kind: "rate_limited" }), "seed");
	});
});

describe("outage failures", () => {
	const table: [string, FailureFacts, boolean][] = [
		["refused", { kind: "network" }, true],
		["API deadline", { kind: "network" }, true],
		["502", { kind: "network", status: 502 }, true],
		["530", { kind: "network", status: 530 }, true],
		["503 page", { kind: "rate_limited", status: 503 }, true],
		["500 JSON", { kind: "other", status: 500 }, true],
		// an item that got 429s through its whole ladder: the next one will too (red team of issue 25: a 429 storm held a run for days)
		["429 after the ladder", { kind: "rate_limited", status: 429 }, true],
		["slow", { kind: "slow" }, false],
		["drop mid-body", { kind: "network", midBody: true }, false],
		["storage 500", { kind: "network", status: 500 }, true],
		["expired signed URL (403)", { kind: "network", status: 403 }, false],
		["404", { kind: "not_found", status: 404 }, false],
		["hash mismatch", { kind: "hash_mismatch" }, false],
		["quota", { kind: "quota", status: 429 }, false],
	];
	for (const [name, f, expected] of table) it(name, () => assert.equal(isOutageFailure(f), expected));
});

describe("the outage breaker", () => {
	const run = (ends: ItemEnd[], threshold = 3): BreakerState => ends.reduce((s, e) => nextBreaker(s, e, threshold), CLOSED_BREAKER);
	const O: ItemEnd = "outage_failure";
	const table: [string, ItemEnd[], number, BreakerState][] = [
		["nothing yet", [], 3, { consecutive: 0, tripped: false }],
		["two in a row", [O, O], 3, { consecutive: 2, tripped: false }],
		["three in a row trip", [O, O, O], 3, { consecutive: 3, tripped: true }],
		["a success resets", [O, O, "succeeded", O, O], 3, { consecutive: 2, tripped: false }],
		["another failure resets", [O, O, "other_failure", O], 3, { consecutive: 1, tripped: false }],
		["tripped stays tripped", [O, O, O, "succeeded"], 3, { consecutive: 3, tripped: true }],
		["threshold 1", [O], 1, { consecutive: 1, tripped: true }],
		["threshold 0 never trips", [O, O, O, O, O], 0, { consecutive: 5, tripped: false }],
	];
	for (const [name, ends, threshold, expected] of table) it(name, () => assert.deepEqual(run(ends, threshold), expected));
});
