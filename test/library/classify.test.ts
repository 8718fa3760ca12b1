import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { asSha256 } from "../../src/core/sha256.js";
import { classify, isBroken, type VerifyStatus } from "../../src/library/verify.js";

const H = asSha256("AB".repeat(32))!;
const CD = asSha256("CD".repeat(32))!;

describe("classify", () => {
	const table: [string, Parameters<typeof classify>[0], Parameters<typeof classify>[1], VerifyStatus][] = [
		["the file is gone", { size: 10, sha256: H }, { size: null }, "missing"],
		["gone, nothing known", { size: null, sha256: null }, { size: null }, "missing"],
		["the wrong size", { size: 10, sha256: H }, { size: 9 }, "size_mismatch"],
		["the wrong size, no hash", { size: 10, sha256: null }, { size: 9 }, "size_mismatch"],
		["no hash to compare with", { size: 10, sha256: null }, { size: 10 }, "no_hash"],
		["no size nor hash recorded", { size: null, sha256: null }, { size: 10 }, "no_hash"],
		["the right bytes", { size: 10, sha256: H }, { size: 10, sha256: H }, "ok"],
		["the hash in lower case", { size: 10, sha256: H }, { size: 10, sha256: asSha256(H.toLowerCase())! }, "ok"],
		["no size recorded, the right hash", { size: null, sha256: H }, { size: 10, sha256: H }, "ok"],
		["other bytes", { size: 10, sha256: H }, { size: 10, sha256: CD }, "hash_mismatch"],
		["not hashed", { size: 10, sha256: H }, { size: 10 }, "hash_mismatch"],
	];
	for (const [name, expected, actual, want] of table) {
		it(name, () => assert.equal(classify(expected, actual), want));
	}
	it("broken means download again", () => {
		const broken = (["ok", "missing", "size_mismatch", "hash_mismatch", "no_hash"] as const).filter(isBroken);
		assert.deepEqual(broken, ["missing", "size_mismatch", "hash_mismatch"]);
	});
});
