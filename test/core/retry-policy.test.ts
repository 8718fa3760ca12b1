import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	DEFAULT_NETWORK_RETRY_DELAYS_MS,
	decideRetry,
	isGatewayStatus,
	isMidBodyDrop,
	isNetworkFailure,
	parseRetryAfter,
} from "../../src/core/retry-policy.js";

describe("isGatewayStatus: 502, 504 and Cloudflare's 520-530", () => {
	const table: [number, boolean][] = [
		[500, false],
		[501, false],
		[502, true],
		[503, false],
		[504, true],
		[505, false],
		[519, false],
		[520, true],
		[525, true],
		[530, true],
		[531, false],
	];
	for (const [status, gateway] of table) it(`${status}: ${gateway}`, () => assert.equal(isGatewayStatus(status), gateway));
});

describe("parseRetryAfter", () => {
	const now = Date.parse("Wed, 21 Oct 2015 07:27:30 GMT");
	const table: [string | undefined, number | undefined][] = [
		[undefined, undefined],
		["", undefined],
		["120", 120_000],
		[" 120 ", 120_000],
		["0", 0],
		["1.5", 1500],
		["1.25", 1250],
		["0.0006", 1],
		["0.0004", 0],
		// anchored at both ends: digits among other text are no delta-seconds (nor a date)
		["x120", undefined],
		["120x", undefined],
		["12 0", undefined],
		["1e3", undefined],
		["soon", undefined],
		["Wed, 21 Oct 2015 07:28:00 GMT", 30_000],
		["  Wed, 21 Oct 2015 07:28:00 GMT  ", 30_000],
		["Wed, 21 Oct 2015 07:27:00 GMT", 0],
	];
	for (const [value, ms] of table) it(`${JSON.stringify(value)} → ${ms}`, () => assert.equal(parseRetryAfter(value, now), ms));
});

describe("the network ladder by default", () => {
	it("waits 10, 30 and 90 s, then gives up", () => {
		const steps = [0, 1, 2, 3].map((n) => decideRetry({ kind: "network" }, n, DEFAULT_NETWORK_RETRY_DELAYS_MS));
		assert.deepEqual(steps, [
			{ retry: true, delayMs: 10_000 },
			{ retry: true, delayMs: 30_000 },
			{ retry: true, delayMs: 90_000 },
			{ retry: false },
		]);
	});
});

describe("decideRetry: the Retry-After cap", () => {
	const ladder = [1000, 2000];
	it("a Retry-After of exactly the cap is waited, one past it is not", () => {
		assert.deepEqual(decideRetry({ kind: "rate_limited", retryAfterMs: 5000 }, 0, ladder, 5000), { retry: true, delayMs: 5000 });
		assert.deepEqual(decideRetry({ kind: "rate_limited", retryAfterMs: 5001 }, 0, ladder, 5000), { retry: false });
	});
	it("the ladder's step is used when there is no Retry-After, whatever the cap", () => {
		assert.deepEqual(decideRetry({ kind: "slow" }, 1, ladder, 0), { retry: true, delayMs: 2000 });
	});
});

describe("which network failures are which", () => {
	const table: [string, Parameters<typeof isMidBodyDrop>[0], boolean, boolean][] = [
		["no connection", { kind: "network" }, false, true],
		["a gateway's 502", { kind: "network", status: 502 }, false, true],
		["a storage 500", { kind: "network", status: 500 }, false, false],
		["the connection lost mid-body", { kind: "network", midBody: true }, true, false],
		["a network failure said not to be mid-body", { kind: "network", midBody: false }, false, true],
		["a 429 is no network failure", { kind: "rate_limited", status: 429 }, false, false],
		["a slow transfer marked mid-body is no drop", { kind: "slow", midBody: true }, false, false],
	];
	for (const [name, f, midBody, network] of table) {
		it(`${name}: mid-body ${midBody}, before the first byte ${network}`, () => {
			assert.equal(isMidBodyDrop(f), midBody);
			assert.equal(isNetworkFailure(f), network);
		});
	}
});
