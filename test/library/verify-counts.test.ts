import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { VerifyEvent, VerifyStatus } from "../../src/library/verify.js";
import { tallyVerify } from "../../src/library/verify.js";

const file = (index: number, status: VerifyStatus): VerifyEvent => ({
	type: "verify_file",
	total: 5,
	index,
	name: `f${index}`,
	path: `/m/f${index}`,
	status,
	expectedSize: null,
	actualSize: null,
	expectedSha256: null,
	actualSha256: null,
});

describe("verify's counts are a fold over its events", () => {
	it("counts each file once by its status; start and progress events count nothing", () => {
		const events: VerifyEvent[] = [
			{ type: "verify_start", total: 5, bytes: 100 },
			{ type: "verify_progress", index: 1, total: 5, name: "f1", bytes: 10, totalBytes: 20 },
			file(1, "ok"),
			file(2, "missing"),
			file(3, "size_mismatch"),
			file(4, "hash_mismatch"),
			file(5, "no_hash"),
		];
		const counts = events.reduce(tallyVerify, { total: 0, ok: 0, missing: 0, sizeMismatch: 0, hashMismatch: 0, noHash: 0 });
		assert.deepEqual(counts, { total: 5, ok: 1, missing: 1, sizeMismatch: 1, hashMismatch: 1, noHash: 1 });
	});
});
