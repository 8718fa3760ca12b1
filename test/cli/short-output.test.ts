import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lineOf } from "../../src/cli/render.js";
import type { Ui } from "../../src/cli/ui.js";
import { emptySummary, type RunSummary } from "../../src/core/summary.js";
import { en } from "../../src/i18n/en.js";
import { ja } from "../../src/i18n/ja.js";

const ui: Ui = { m: en, locale: "en-US", color: false };
const uiJa: Ui = { m: ja, locale: "ja-JP", color: false };
const plain = { quiet: false, verbose: false };
const quiet = { quiet: true, verbose: false };
const verbose = { quiet: false, verbose: true };

const summary = (s: Partial<RunSummary>): RunSummary => ({ ...emptySummary(), elapsedMs: 100, ...s });
const text = (s: RunSummary, o = plain, u = ui) => lineOf({ type: "summary", summary: s }, u, o)?.out ?? "";
const lines = (t: string) => t.split("\n").filter((l) => l.trim() !== "");

/** Issue 27, point 14: say a thing once; a short summary for a short run. */
describe("a skip names the file; its full path only with -v", () => {
	const skip = {
		type: "skip" as const,
		index: 1,
		name: "easynegative.safetensors",
		path: "/home/u/models/embedding/easynegative.safetensors",
		reason: "exists" as const,
	};
	it("plain: the name", () => {
		const line = lineOf(skip, ui, plain)?.out ?? "";
		assert.match(line, /^\[1\] skipped easynegative\.safetensors: already there$/);
		assert.doesNotMatch(lineOf(skip, uiJa, plain)?.out ?? "", /\/home\/u/);
	});
	it("-v: the path too", () =>
		assert.match(lineOf(skip, ui, verbose)?.out ?? "", /\/home\/u\/models\/embedding\/easynegative\.safetensors/));
});

describe("the summary", () => {
	it("a one-file run: one line, no retries line, no rate", () => {
		const t = text(summary({ total: 1, succeeded: 1, bytes: 25 * 1024, successRate: 1 }));
		assert.equal(lines(t).length, 1, t);
		assert.doesNotMatch(t, /retries|success rate/);
		assert.match(t, /1 downloaded, 0 skipped, 0 failed/);
	});

	it("-q: one line whatever the run's size", () => {
		const t = text(summary({ total: 40, succeeded: 38, skipped: 1, failed: 1, bytes: 5 * 1024 ** 3, successRate: 38 / 39 }), quiet);
		assert.equal(lines(t).length, 1, t);
		assert.match(t, /38 downloaded, 1 skipped, 1 failed/);
	});

	it("a short summary still says where the failed list is", () => {
		const t = text(summary({ total: 1, failed: 1, successRate: 0, failedListPath: "/h/failed-20261130-010000.csv" }), quiet);
		assert.match(t, /failed-20261130-010000\.csv/);
		assert.ok(lines(t).length <= 3, t);
	});

	it("a longer run: the full summary, with no retries line for none", () => {
		const t = text(summary({ total: 3, succeeded: 2, skipped: 1, successRate: 1 }));
		assert.match(t, /Summary\n {2}succeeded: 2\n {2}skipped: {3}1\n {2}failed: {4}0/);
		assert.doesNotMatch(t, /0 items succeeded after retrying/);
		assert.match(
			text(summary({ total: 3, succeeded: 3, retries: 2, successfulRetries: 1, successRate: 1 })),
			/retries: {3}2 \(1 item succeeded after retrying\)/,
		);
	});

	it("in Japanese too", () => {
		const t = text(summary({ total: 1, succeeded: 1, bytes: 1024, successRate: 1 }), plain, uiJa);
		assert.equal(lines(t).length, 1, t);
	});
});

describe("a parked item's line says parked once", () => {
	for (const [u, word] of [
		[ui, /parked/g],
		[uiJa, /保留/g],
	] as const) {
		it(u.locale, () => {
			for (const message of [u.m.parkedQuota(), u.m.parkedDisk(), u.m.parkedOutage(), u.m.parkedInterrupted()]) {
				const line = lineOf({ type: "fail", index: 3, name: "a.safetensors", kind: "quota", message, parked: true }, u, plain)?.err ?? "";
				assert.equal(line.match(word)?.length, 1, line);
			}
		});
	}
});
