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
		["wrong size: download", { sizeOnDisk: 9 }, "download"],
		["right size, --dry-run: skip", { dryRun: true }, "skip"],
		["right size: does the history vouch for the file?", {}, "ask_recorded"],
		["right size, from a row: does the history vouch for the file?", { fromRow: true }, "ask_recorded"],
		["the history vouches for it: skip", { recorded: true }, "skip"],
		["size unknown to the API, file there, vouched for: skip", { expectedSize: undefined, recorded: true }, "skip"],
		["not vouched for: what is its hash?", { recorded: false }, "ask_hash"],
		["not vouched for, from a row: what is its hash?", { recorded: false, fromRow: true }, "ask_hash"],
		["not recorded, the right hash: record it", { recorded: false, hashMatches: true }, "record"],
		["from a row, the right hash: skip", { recorded: false, hashMatches: true, fromRow: true }, "skip"],
		["not recorded, another file of the same size: download", { recorded: false, hashMatches: false }, "download"],
		["from a row, another file of the same size: download", { recorded: false, hashMatches: false, fromRow: true }, "download"],
	];
	for (const [name, over, want] of cases) it(name, () => assert.equal(decidePlaced({ ...base, ...over }), want));
});
