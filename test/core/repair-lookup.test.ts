import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { afterRepairLookupFailure } from "../../src/core/repair-lookup.js";
import type { FailureFacts } from "../../src/core/retry-policy.js";

const SEED = [60_000, 180_000];

describe("afterRepairLookupFailure (pure)", () => {
	const table: [string, FailureFacts, { pause: boolean; backOffMs: number }][] = [
		["no connection (DNS, refused)", { kind: "network" }, { pause: true, backOffMs: 0 }],
		["a gateway's 522", { kind: "network", status: 522 }, { pause: true, backOffMs: 0 }],
		["a 500", { kind: "other", status: 500 }, { pause: true, backOffMs: 0 }],
		["parked by the outage breaker", { kind: "outage" }, { pause: true, backOffMs: 0 }],
		["the daily quota", { kind: "quota", status: 429 }, { pause: true, backOffMs: 0 }],
		[
			"a 429 with a Retry-After shorter than the seed's first delay: the delay (the longer, as decideRetry)",
			{ kind: "rate_limited", status: 429, retryAfterMs: 7000 },
			{ pause: true, backOffMs: 60_000 },
		],
		[
			"a 429 with a Retry-After longer than the seed's first delay: the Retry-After",
			{ kind: "rate_limited", status: 429, retryAfterMs: 90_000 },
			{ pause: true, backOffMs: 90_000 },
		],
		["a 429 without one: the seed's first delay", { kind: "rate_limited", status: 429 }, { pause: true, backOffMs: 60_000 }],
		["a 503", { kind: "rate_limited", status: 503 }, { pause: true, backOffMs: 60_000 }],
		[
			"a Retry-After of a day: the seed's first delay",
			{ kind: "rate_limited", status: 429, retryAfterMs: 86_400_000 },
			{ pause: true, backOffMs: 60_000 },
		],
		["a region block", { kind: "region", status: 451 }, { pause: true, backOffMs: 0 }],
		["a refused key (401)", { kind: "auth", status: 401 }, { pause: true, backOffMs: 0 }],
		["a 403 (this version only)", { kind: "auth", status: 403 }, { pause: false, backOffMs: 0 }],
		["the version taken down (404)", { kind: "not_found", status: 404 }, { pause: false, backOffMs: 0 }],
		["an answer we cannot read", { kind: "bad_body" }, { pause: false, backOffMs: 0 }],
		["early access", { kind: "early_access", status: 403 }, { pause: false, backOffMs: 0 }],
	];
	for (const [name, failure, verdict] of table) {
		it(name, () => assert.deepEqual(afterRepairLookupFailure(failure, SEED), verdict));
	}

	it("no seed ladder: a 429 without Retry-After backs off nothing, one with it backs off by it", () => {
		assert.deepEqual(afterRepairLookupFailure({ kind: "rate_limited", status: 429 }, []), { pause: true, backOffMs: 0 });
		assert.deepEqual(afterRepairLookupFailure({ kind: "rate_limited", status: 429, retryAfterMs: 7000 }, []), {
			pause: true,
			backOffMs: 7000,
		});
	});
});
