import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getGlobalDispatcher } from "undici";
import { en } from "../../src/i18n/en.js";
import { deliver } from "../../src/notify/send.js";
import type { Clock } from "../../src/platform/clock.js";
import { webhookReceiver } from "../helpers.js";
import { VirtualClock } from "../virtual-clock.js";

const SPEC = { timeoutMs: 10_000, retryDelaysMs: [2000, 10_000] };
const http = (clock: Clock) => ({ dispatcher: getGlobalDispatcher(), userAgent: "civitai-dl/test", clock });

/** Retry waits are recorded and pass at once; the attempt's deadline (a tick of `every`) never comes. */
function recordingClock(): Clock & { waits: number[] } {
	const waits: number[] = [];
	return {
		waits,
		now: () => Date.UTC(2026, 10, 30),
		sleep(ms, signal) {
			if (signal) return new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted"))));
			waits.push(ms);
			return Promise.resolve();
		},
		every: () => () => {},
	};
}

describe("webhook delivery on the clock", () => {
	it("the per-attempt deadline is the clock's: three 10 s timeouts and the 2 s and 10 s waits take no real time", async () => {
		const r = await webhookReceiver(() => "hang");
		const clock = new VirtualClock();
		// the deadline is a tick of the clock (the one deadline style): time moves 1 s every 2 ms here
		const ticking = setInterval(() => clock.advance(1000), 2);
		const started = Date.now();
		try {
			const d = await deliver({ kind: "json", url: r.url("/hook") }, 0, {}, en, { ...SPEC, http: http(clock) });
			assert.deepEqual({ ok: d.ok, attempts: d.attempts, reason: d.reason }, { ok: false, attempts: 3, reason: "no answer within 10 s" });
			assert.deepEqual(clock.sleeps, [2000, 10_000]);
			assert.equal(clock.pending, 0);
			assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
		} finally {
			clearInterval(ticking);
		}
	});

	it("Ctrl-C ends a webhook's wait for its retry at once (the wait takes the signal)", async () => {
		const r = await webhookReceiver(() => 503);
		const ac = new AbortController();
		const clock = new VirtualClock(Date.UTC(2026, 10, 30), false); // time never moves: the 2 s wait would last for ever
		const delivering = deliver({ kind: "json", url: r.url("/hook") }, 0, {}, en, { ...SPEC, http: http(clock), signal: ac.signal });
		while (clock.sleeps.length === 0) await new Promise((res) => setTimeout(res, 5));
		ac.abort();
		const d = await delivering;
		assert.deepEqual({ ok: d.ok, attempts: d.attempts, waits: clock.sleeps }, { ok: false, attempts: 1, waits: [2000] });
		assert.equal(clock.pending, 0, "the aborted wait left no timer behind");
	});

	it("decides retries like downloads: Retry-After and Discord's retry_after over the ladder, a wait over 60 s gives up, 408 retried", async () => {
		const cases: [string, Parameters<typeof webhookReceiver>[0], { ok: boolean; attempts: number; waits: number[] }][] = [
			[
				"429 Retry-After: 30",
				(n) => (n === 1 ? { status: 429, headers: { "retry-after": "30" } } : 204),
				{ ok: true, attempts: 2, waits: [30_000] },
			],
			[
				"429 retry_after 3.5 in the body",
				(n) => (n === 1 ? { status: 429, headers: { "content-type": "application/json" }, body: '{"retry_after":3.5}' } : 204),
				{ ok: true, attempts: 2, waits: [3500] },
			],
			["429 Retry-After: 120", () => ({ status: 429, headers: { "retry-after": "120" } }), { ok: false, attempts: 1, waits: [] }],
			["408 then 204", (n) => (n === 1 ? 408 : 204), { ok: true, attempts: 2, waits: [2000] }],
			["503 always", () => 503, { ok: false, attempts: 3, waits: [2000, 10_000] }],
			["400", () => 400, { ok: false, attempts: 1, waits: [] }],
		];
		for (const [name, answer, want] of cases) {
			const r = await webhookReceiver(answer);
			const clock = recordingClock();
			const d = await deliver({ kind: "discord", url: r.url("/hook") }, 0, {}, en, { ...SPEC, http: http(clock) });
			assert.deepEqual({ ok: d.ok, attempts: d.attempts, waits: clock.waits }, want, name);
		}
	});
});
