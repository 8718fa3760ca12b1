import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RunEvent } from "../../src/core/events.js";
import { exitCodeFor, type StopReason, stoppedAfter, summarize } from "../../src/core/summary.js";

const done = (index: number, bytes: number, retries = 0): RunEvent => ({
	type: "done",
	index,
	name: `f${index}`,
	path: `/m/f${index}`,
	bytes,
	sha256: "A".repeat(64),
	verified: true,
	retries,
});

describe("the summary is a fold over the run's events", () => {
	it("counts each outcome once, with retries, bytes and failures in order", () => {
		const s = summarize([
			{ type: "run_start", total: 6, items: [] },
			{ type: "retry", index: 1, name: "f1", retry: 1, maxRetries: 3, delayMs: 60_000, kind: "rate_limited", reason: "429" },
			done(1, 100, 1),
			done(2, 50),
			{ type: "skip", index: 3, name: "f3", path: "/m/f3", reason: "exists" },
			{ type: "wait", delayMs: 5000, reason: "pacing" },
			{ type: "fail", index: 4, name: "f4", kind: "quota", message: "quota", parked: false },
			{ type: "fail", index: 5, name: "f5", kind: "quota", message: "parked", parked: true },
			{ type: "progress", index: 6, name: "f6", bytes: 10, totalBytes: 20, bytesPerSecond: 1 },
		]);
		assert.deepEqual(
			{ ...s, successRate: Math.round(s.successRate! * 1000) },
			{
				total: 6,
				succeeded: 2,
				skipped: 1,
				failed: 1,
				parked: 1,
				retries: 1,
				successfulRetries: 1,
				rateLimited: 1,
				successRate: 667,
				bytes: 150,
				elapsedMs: 0,
				stoppedBy: null,
				failedListPath: null,
				rerun: null,
				failures: [
					{ name: "f4", kind: "quota", message: "quota" },
					{ name: "f5", kind: "quota", message: "parked" },
				],
			},
		);
	});

	it("a dry run counts the planned skips; nothing attempted has no success rate", () => {
		const s = summarize([
			{ type: "plan", index: 1, name: "a", category: "lora", action: "skip", path: "/a", sizeBytes: 1 },
			{ type: "plan", index: 2, name: "b", category: "lora", action: "download", path: "/b", sizeBytes: 1 },
		]);
		assert.equal(s.skipped, 1);
		assert.equal(s.successRate, null);
		assert.equal(exitCodeFor(s), 0);
	});

	it("what stopped the run is folded from its stopped events: the first stands, an interrupt overrides any", () => {
		const stops = (...reasons: StopReason[]) => summarize(reasons.map((reason): RunEvent => ({ type: "stopped", reason }))).stoppedBy;
		assert.equal(stops(), null);
		assert.equal(stops("quota"), "quota");
		assert.equal(stops("disk", "quota"), "disk", "a second lane's quota after the full disk does not change why");
		assert.equal(stops("outage", "interrupt"), "interrupt");
		assert.equal(stops("interrupt", "quota"), "interrupt");
		assert.equal(stoppedAfter(null, "outage"), "outage");
		assert.equal(stoppedAfter("quota", "outage"), "quota");
	});

	it("run_end gives the elapsed time and the failed list's place; the exit code follows what stopped the run", () => {
		const s = summarize([
			{ type: "fail", index: 1, name: "a", kind: "quota", message: "q", parked: false },
			{ type: "stopped", reason: "quota" },
			{
				type: "run_end",
				elapsedMs: 1234,
				failedListPath: "/h/failed.csv",
				rerun: ["redownload", "--from", "/h/failed.csv", "--config", "/c.json"],
			},
		]);
		assert.deepEqual([s.elapsedMs, s.failedListPath, s.stoppedBy, exitCodeFor(s)], [1234, "/h/failed.csv", "quota", 3]);
		assert.deepEqual(s.rerun, ["redownload", "--from", "/h/failed.csv", "--config", "/c.json"]);
	});
});

describe("the summary counts each kind apart (asymmetric fixtures: a flipped test gives another count)", () => {
	it("a dry run: three planned skips and one planned download count three skips", () => {
		const plan = (index: number, action: "skip" | "download"): RunEvent => ({
			type: "plan",
			index,
			name: `p${index}`,
			category: "lora",
			action,
			path: `/m/p${index}`,
			sizeBytes: 1,
		});
		const s = summarize([plan(1, "skip"), plan(2, "download"), plan(3, "skip"), plan(4, "skip")]);
		assert.deepEqual([s.skipped, s.succeeded, s.failed, s.parked], [3, 0, 0, 0]);
	});

	it("successful retries: items done after one or more retries, not those done at the first try", () => {
		const s = summarize([done(1, 1), done(2, 1, 1), done(3, 1), done(4, 1, 3), done(5, 1)]);
		assert.deepEqual([s.succeeded, s.successfulRetries, s.retries, s.bytes], [5, 2, 0, 5]);
	});

	it("parked and failed items are counted apart: three failed, one parked; the success rate is done / (done + failed)", () => {
		const fail = (index: number, parked: boolean): RunEvent => ({
			type: "fail",
			index,
			name: `f${index}`,
			kind: "network",
			message: "m",
			parked,
		});
		const s = summarize([done(1, 7), fail(2, false), fail(3, true), fail(4, false), fail(5, false)]);
		assert.deepEqual([s.succeeded, s.failed, s.parked, s.failures.length, s.successRate], [1, 3, 1, 4, 0.25]);
	});

	it("the run's total comes from run_start; without one it is 0", () => {
		assert.equal(summarize([{ type: "run_start", total: 4, items: [] }]).total, 4);
		assert.equal(summarize([]).total, 0);
	});
});

describe("exit codes", () => {
	const table: [string, Parameters<typeof exitCodeFor>[0], number][] = [
		["nothing failed", { failed: 0, parked: 0, stoppedBy: null }, 0],
		["one failure", { failed: 1, parked: 0, stoppedBy: null }, 1],
		["parked without a stop (none in practice) is still not a success", { failed: 0, parked: 2, stoppedBy: null }, 1],
		["stopped by the quota with nothing failed", { failed: 0, parked: 3, stoppedBy: "quota" }, 3],
		["stopped by an outage", { failed: 0, parked: 3, stoppedBy: "outage" }, 3],
		["stopped by a full disk", { failed: 0, parked: 3, stoppedBy: "disk" }, 3],
		["interrupted with failures", { failed: 2, parked: 1, stoppedBy: "interrupt" }, 130],
	];
	for (const [name, s, code] of table) it(`${name}: ${code}`, () => assert.equal(exitCodeFor(s), code));
});
