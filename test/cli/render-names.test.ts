import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lineOf, plainRenderer } from "../../src/cli/render.js";
import type { Ui } from "../../src/cli/ui.js";
import type { RunEvent } from "../../src/core/events.js";
import { en } from "../../src/i18n/en.js";
import { ja } from "../../src/i18n/ja.js";

const ui: Ui = { m: en, locale: "en-US", color: false };
const uiJa: Ui = { m: ja, locale: "ja-JP", color: false };
const plain = { quiet: false, verbose: false };

/** A plain renderer on a clock the test sets, and the lines it printed (stdout and stderr together). */
function plainLines(now: () => number, u: Ui = ui) {
	const lines: string[] = [];
	const sink = { write: (s: string) => lines.push(...s.trimEnd().split("\n")) !== 0 } as unknown as NodeJS.WritableStream;
	const r = plainRenderer({ stdout: sink, stderr: sink, now }, u, { quiet: false, verbose: false, dryRun: false });
	// a download is running (before the first one starts, waits are not said)
	r({
		type: "item_start",
		index: 1,
		total: 9,
		name: "first.pt",
		category: "lora",
		url: "u",
		path: "/m/first.pt",
		sizeBytes: 1,
		resumeFrom: 0,
	});
	lines.length = 0;
	return { lines, r };
}

const progress = (index: number, name: string, bytes: number): RunEvent => ({
	type: "progress",
	index,
	name,
	bytes,
	totalBytes: 2 * 1024 * 1024,
	bytesPerSecond: 1024 * 1024,
});

/** Issue 27, point 6: a cron log of three lanes can be read, because every line names its item. */
describe("retry, wait and progress lines name their item", () => {
	it("a retry line says [n] and the name, on one line", () => {
		const e: RunEvent = {
			type: "retry",
			index: 3,
			name: "watercolor_v3.safetensors",
			retry: 1,
			maxRetries: 3,
			delayMs: 60_000,
			kind: "slow",
			reason: "Download speed stayed below 10 KiB/s for 30 s (2.1 KiB/s).",
		};
		const line = lineOf(e, ui, plain)?.err ?? "";
		assert.equal(line.split("\n").length, 1, line);
		assert.match(line, /^\[3\] watercolor_v3\.safetensors: /);
		assert.match(line, /Download speed stayed below 10 KiB\/s/);
		assert.match(lineOf(e, uiJa, plain)?.err ?? "", /^\[3\] watercolor_v3\.safetensors: /);
	});

	it("a progress line says [n] and the name", () => {
		assert.match(
			lineOf(progress(2, "bigCheckpoint.safetensors", 1024 * 1024), ui, plain)?.out ?? "",
			/^\[2\] bigCheckpoint\.safetensors: 50\.0%/,
		);
	});

	it("a pacing wait of an item says which item waits", () => {
		const e: RunEvent = { type: "wait", delayMs: 5000, reason: "pacing", index: 2, name: "bad_hands.pt" };
		assert.match(lineOf(e, ui, plain)?.out ?? "", /^\[2\] bad_hands\.pt: waiting 5 s/);
	});

	it("each lane's progress gets its line (the 5 s limit is per item, not one for the run)", () => {
		let now = 0;
		const { lines, r } = plainLines(() => now);
		now = 6000;
		r(progress(1, "a.safetensors", 100));
		r(progress(2, "b.safetensors", 100));
		r(progress(3, "c.safetensors", 100));
		now = 7000;
		r(progress(1, "a.safetensors", 200)); // within 5 s of its last line
		assert.deepEqual(
			lines.map((l) => l.slice(0, 4)),
			["[1] ", "[2] ", "[3] "],
		);
	});

	it("an item that waits again for its slot says so once (issue 27, point 14)", () => {
		let now = 0;
		const { lines, r } = plainLines(() => now);
		r({ type: "wait", delayMs: 1000, reason: "pacing", index: 2, name: "b.pt" });
		r({ type: "wait", delayMs: 1000, reason: "pacing", index: 3, name: "c.pt" });
		now = 1000;
		r({ type: "wait", delayMs: 1000, reason: "pacing", index: 3, name: "c.pt" }); // item 2 took the slot
		assert.deepEqual(lines, ["[2] b.pt: waiting 1 s before its download request", "[3] c.pt: waiting 1 s before its download request"]);
	});
});

describe("no wait line before the first download (issue 27, point 14)", () => {
	it("lanes queueing behind the run's first request say nothing; a wait once downloads run is said", () => {
		const lines: string[] = [];
		const sink = { write: (s: string) => lines.push(...s.trimEnd().split("\n")) !== 0 } as unknown as NodeJS.WritableStream;
		const r = plainRenderer({ stdout: sink, stderr: sink, now: () => 0 }, ui, { quiet: false, verbose: false, dryRun: false });
		r({ type: "run_start", total: 3, items: [] });
		r({ type: "wait", delayMs: 1000, reason: "pacing", index: 2, name: "b.pt" });
		r({ type: "item_start", index: 1, total: 3, name: "a.pt", category: "lora", url: "u", path: "/m/a.pt", sizeBytes: 1, resumeFrom: 0 });
		r({ type: "wait", delayMs: 1000, reason: "pacing", index: 3, name: "c.pt" });
		assert.deepEqual(
			lines.filter((l) => /waiting/.test(l)),
			["[3] c.pt: waiting 1 s before its download request"],
		);
		assert.match(lines[1]!, /^\[1\/3\] a\.pt/);
	});
});
