import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { attentionRank, type FileState, fileState, type KeptCheck, statusesOf } from "../../src/core/library-status.js";

const disk = { size: 100, mtimeMs: 5 };
const kept = (status: KeptCheck["status"], over: Partial<KeptCheck> = {}): KeptCheck => ({ status, size: 100, mtimeMs: 5, ...over });

describe("a library file's state, from what is known without hashing", () => {
	const cases: [string, number | null, typeof disk | null, KeptCheck | undefined, FileState][] = [
		["not on disk", 100, null, kept("ok"), "missing"],
		["another size than recorded", 100, { size: 99, mtimeMs: 5 }, kept("ok"), "size_mismatch"],
		["never verified", 100, disk, undefined, "not_checked"],
		["verified, unchanged since", 100, disk, kept("ok"), "verified"],
		["verified, but changed since (time)", 100, { size: 100, mtimeMs: 6 }, kept("ok"), "not_checked"],
		["verified at another size (no size recorded)", null, { size: 101, mtimeMs: 5 }, kept("ok"), "not_checked"],
		["verify found another hash, unchanged since", 100, disk, kept("hash_mismatch"), "hash_mismatch"],
		["verify found another hash, replaced since", 100, { size: 100, mtimeMs: 9 }, kept("hash_mismatch"), "not_checked"],
		["no hash to compare with", null, disk, kept("no_hash"), "not_checked"],
		["missing at verify, back since", 100, disk, kept("missing", { size: null, mtimeMs: null }), "not_checked"],
	];
	for (const [what, expected, onDisk, k, want] of cases) {
		it(`${what} → ${want}`, () => assert.equal(fileState(expected, onDisk, k), want));
	}

	it("the statuses a card shows: its state, then the flags", () => {
		assert.deepEqual(statusesOf("verified", { newer: true, failedLast: false }), ["verified", "newer"]);
		assert.deepEqual(statusesOf("missing", { newer: false, failedLast: true }), ["missing", "failed_last"]);
	});

	it("what needs attention first: broken files, then failures, newer versions, unchecked, verified", () => {
		const order = [
			["verified"],
			["not_checked"],
			["verified", "newer"],
			["verified", "failed_last"],
			["size_mismatch"],
			["missing"],
		] as const;
		const ranks = order.map((s) => attentionRank([...s]));
		assert.deepEqual(
			ranks,
			[...ranks].sort((a, b) => b - a),
		);
		assert.equal(attentionRank(["missing", "failed_last"]), 0);
	});
});
