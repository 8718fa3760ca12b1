import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decidePlaced, type PlacedDecision, type PlacedFacts, type RowFacts, skipByRow } from "../../src/core/item-decision.js";

describe("skip by the history row, before any request", () => {
	const base: RowFacts = {
		force: false,
		relocated: false,
		rowPath: "/m/a.safetensors",
		recordedSize: 10,
		sizeOnDisk: 10,
		rowOwnsPath: true,
	};
	const cases: [string, Partial<RowFacts>, boolean][] = [
		["the recorded file with its recorded size", {}, true],
		["another size", { sizeOnDisk: 9 }, false],
		["no file", { sizeOnDisk: undefined }, false],
		["--force", { force: true }, false],
		["--output or --type", { relocated: true }, false],
		["no recorded path", { rowPath: undefined }, false],
		["no recorded size", { recordedSize: undefined }, false],
		["no recorded size and no file (nothing is not a size)", { recordedSize: undefined, sizeOnDisk: undefined }, false],
		["the history's latest row for the path is another file's (or there is none)", { rowOwnsPath: false }, false],
	];
	for (const [name, over, want] of cases) it(name, () => assert.equal(skipByRow({ ...base, ...over }), want));
});

describe("the file at the final path", () => {
	const base: PlacedFacts = { force: false, dryRun: false, fromRow: false, sizeOnDisk: 10, expectedSize: 10 };
	const cases: [string, Partial<PlacedFacts>, PlacedDecision][] = [
		["no file: download", { sizeOnDisk: undefined }, "download"],
		["no file and no size from the API: download", { sizeOnDisk: undefined, expectedSize: undefined }, "download"],
		["no file and no size from the API, --dry-run: download", { sizeOnDisk: undefined, expectedSize: undefined, dryRun: true }, "download"],
		["--force: download", { force: true }, "download"],
		["wrong size: is the file there ours?", { sizeOnDisk: 9 }, "ask_recorded"],
		["wrong size, ours (the history has a row for the path): download over it", { sizeOnDisk: 9, ours: true }, "download"],
		["wrong size, not ours: it stays, the download takes another name", { sizeOnDisk: 9, ours: false }, "elsewhere"],
		["wrong size, not ours, --force: download over it", { sizeOnDisk: 9, ours: false, force: true }, "download"],
		["wrong size, not ours, --dry-run: the plan names the other name", { sizeOnDisk: 9, ours: false, dryRun: true }, "elsewhere"],
		["right size, --dry-run: skip", { dryRun: true }, "skip"],
		["right size: does the history vouch for the file?", {}, "ask_recorded"],
		["right size, from a row: does the history vouch for the file?", { fromRow: true }, "ask_recorded"],
		["the history vouches for it: skip", { recorded: true, ours: true }, "skip"],
		["size unknown to the API, file there, vouched for: skip", { expectedSize: undefined, recorded: true, ours: true }, "skip"],
		["not vouched for: what is its hash?", { recorded: false, ours: false }, "ask_hash"],
		["not vouched for, from a row: what is its hash?", { recorded: false, ours: true, fromRow: true }, "ask_hash"],
		["not recorded, the right hash: record it (adopted)", { recorded: false, ours: false, hashMatches: true }, "record"],
		["from a row, the right hash: skip", { recorded: false, ours: true, hashMatches: true, fromRow: true }, "skip"],
		[
			"not recorded, other bytes of the same size: it stays, the download takes another name",
			{ recorded: false, ours: false, hashMatches: false },
			"elsewhere",
		],
		[
			"ours but not vouched for (an older row), other bytes: download over it",
			{ recorded: false, ours: true, hashMatches: false },
			"download",
		],
		["from a row, another file of the same size: download", { recorded: false, ours: true, hashMatches: false, fromRow: true }, "download"],
		[
			"size unknown to the API, not ours, other bytes: elsewhere",
			{ expectedSize: undefined, recorded: false, ours: false, hashMatches: false },
			"elsewhere",
		],
	];
	for (const [name, over, want] of cases) it(name, () => assert.equal(decidePlaced({ ...base, ...over }), want));
});
