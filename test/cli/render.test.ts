import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lineOf, plainRenderer } from "../../src/cli/render.js";
import type { Ui } from "../../src/cli/ui.js";
import { en } from "../../src/i18n/en.js";

const ui: Ui = { m: en, locale: "en-US", color: false };
const plain = { quiet: false, verbose: false };

describe("plain lines for pacing waits", () => {
	it("a wait of a tenth of a second or more is said", () => {
		assert.match(lineOf({ type: "wait", delayMs: 500, reason: "pacing" }, ui, plain)?.out ?? "", /0\.5 s/);
	});
	it("a shorter wait is not (it would print as 0.0 s)", () => {
		assert.equal(lineOf({ type: "wait", delayMs: 40, reason: "pacing" }, ui, plain), null);
	});
	it("--quiet says no wait", () => {
		assert.equal(lineOf({ type: "wait", delayMs: 5000, reason: "pacing" }, ui, { quiet: true, verbose: false }), null);
	});
});

/** A plain renderer on a clock the test sets, and the lines it printed. */
function plainLines(now: () => number) {
	const lines: string[] = [];
	const sink = { write: (s: string) => lines.push(s.trimEnd()) !== 0 } as unknown as NodeJS.WritableStream;
	const r = plainRenderer({ stdout: sink, stderr: sink, now }, ui, { quiet: false, verbose: false, dryRun: false });
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

describe("plain renderer: one line per pacing slot", () => {
	it("lanes waiting for the same slot print one wait line; a later slot prints its own", () => {
		let now = 0;
		const { lines, r } = plainLines(() => now);
		r({ type: "wait", delayMs: 900, reason: "pacing" });
		now = 20;
		r({ type: "wait", delayMs: 880, reason: "pacing" }); // another lane, the same slot
		r({ type: "wait", delayMs: 890, reason: "pacing" });
		now = 1000;
		r({ type: "wait", delayMs: 1000, reason: "pacing" }); // the next slot
		assert.deepEqual(lines, ["  waiting 0.9 s before the next download", "  waiting 1 s before the next download"]);
	});

	it("a wait too short to be said does not hide the next lane's longer one", () => {
		const { lines, r } = plainLines(() => 0);
		r({ type: "wait", delayMs: 50, reason: "pacing" }); // under 0.1 s: not printed
		r({ type: "wait", delayMs: 200, reason: "pacing" });
		assert.deepEqual(lines, ["  waiting 0.2 s before the next download"]);
	});

	it("with --sleep 0.2 each slot still gets its line (slots 200 ms apart are not one slot)", () => {
		let now = 0;
		const { lines, r } = plainLines(() => now);
		r({ type: "wait", delayMs: 200, reason: "pacing" });
		now = 200;
		r({ type: "wait", delayMs: 200, reason: "pacing" });
		assert.deepEqual(lines, ["  waiting 0.2 s before the next download", "  waiting 0.2 s before the next download"]);
	});
});
