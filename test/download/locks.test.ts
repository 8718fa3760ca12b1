import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { claimNameFor } from "../../src/download/locks.js";

describe("a file's claim is named", () => {
	it("after its .part, beside it (`<name>.part.lock`)", () => {
		assert.equal(claimNameFor("/m/lora/cute.safetensors.part"), "/m/lora/cute.safetensors.part");
	});

	it("with a short hidden name when the lock's own names would not fit in 255 bytes, the same for every run", () => {
		const long = `${"あ".repeat(76)}.safetensors.part`; // 228 + 17 bytes: a part name near the limit
		const a = claimNameFor(join("/m", long));
		assert.match(a, /^\/m\/\.civitai-dl-claim-[0-9a-f]{16}$/);
		assert.equal(claimNameFor(join("/m", long)), a);
		assert.notEqual(claimNameFor(join("/m", `${"い".repeat(76)}.safetensors.part`)), a);
	});
});
