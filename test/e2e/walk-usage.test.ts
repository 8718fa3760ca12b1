import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCli, tempDir } from "../helpers.js";

/** Usage errors found by walking the README: each names the flag the user actually gave. */
describe("usage errors name the flag that was given", () => {
	it("a bad --network-delays is reported as --network-delays, not --retry-delays (exit 2)", async () => {
		const dir = await tempDir();
		const r = await runCli(["get", "model:1", "--network-delays", "1,x"], { cwd: dir });
		assert.equal(r.code, 2, r.stderr);
		assert.match(r.stderr, /--network-delays "1,x"/);
		assert.doesNotMatch(r.stderr, /--retry-delays/);
	});

	it("a bad --retry-delays is still reported as --retry-delays", async () => {
		const dir = await tempDir();
		const r = await runCli(["get", "model:1", "--retry-delays", "1,x"], { cwd: dir });
		assert.equal(r.code, 2, r.stderr);
		assert.match(r.stderr, /--retry-delays "1,x"/);
	});
});
