import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../helpers.js";

/** `npm run fake-civitai -- …`: the local Civitai's own command line. */
function fake(args: string[]) {
	return spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "fake-civitai/main.ts"), ...args], {
		encoding: "utf8",
		timeout: 20_000,
	});
}

describe("npm run fake-civitai", () => {
	it("--help prints its options and exits 0 (no stack trace)", () => {
		const r = fake(["--help"]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /^Usage: npm run fake-civitai -- \[options\]/);
		assert.match(r.stdout, /--faults FILE/);
	});
	it("an unknown option is one sentence and the usage, exit 2", () => {
		const r = fake(["--bogus"]);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /^Unknown option '--bogus'/);
		assert.doesNotMatch(r.stderr, /\n\s+at /);
	});
});
