import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decidePlaced, type PlacedDecision, type PlacedFacts, type RowFacts, skipByRow } from "../../src/core/item-decision.js";

describe("skip by the history row, before any request", () => {
	const base: RowFacts = { force: false, relocated: false, rowPath: "/m/a.safetensors", recordedSize: 10, sizeOnDisk: 10 };
	const cases: [string, Partial<RowFacts>, boolean][] = [
		["the recorded file with its recorded size", {}, true],
		["another size", { sizeOnDisk: 9 }, false],
		["no file", { sizeOnDisk: undefined }, false],
		["--force", { force: true }, false],
		["--output or --type", { relocated: true }, false],
		["no recorded path", { rowPath: undefined }, false],
		["no recorded size", { recordedSize: undefined }, false],
	];
	for (const [name, over, want] of cases) it(name, () => assert.equal(skipByRow({ ...base, ...over }), want));
});

describe("the file at the final path", () => {
	const base: PlacedFacts = { force: false, dryRun: false, fromRow: false, sizeOnDisk: 10, expectedSize: 10 };
	const cases: [string, Partial<PlacedFacts>, PlacedDecision][] = [
		["no file: download", { sizeOnDisk: undefined }, "download"],
		["--force: download", { force: true }, "download"],
		["wrong size: download", { sizeOnDisk: 9 }, "download"],
		["right size, from a history row: skip", { fromRow: true }, "skip"],
		["right size, --dry-run: skip", { dryRun: true }, "skip"],
		["size unknown to the API, file there, from a row: skip", { expectedSize: undefined, fromRow: true }, "skip"],
		["right size, not from a row: is the path recorded?", {}, "ask_recorded"],
		["recorded: skip", { recorded: true }, "skip"],
		["not recorded: what is its hash?", { recorded: false }, "ask_hash"],
		["not recorded, the right hash: record it", { recorded: false, hashMatches: true }, "record"],
		["not recorded, another file: download", { recorded: false, hashMatches: false }, "download"],
	];
	for (const [name, over, want] of cases) it(name, () => assert.equal(decidePlaced({ ...base, ...over }), want));
});
