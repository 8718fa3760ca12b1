import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";

// npm run mutate is not part of npm test (it is slow); these checks keep its setup from rotting unseen.
const script = readFileSync("scripts/mutate.mjs", "utf8");

describe("npm run mutate (scripts/mutate.mjs)", () => {
	it("every module and test file it lists exists", () => {
		const modules = [...script.matchAll(/^\t"([\w/-]+\.ts)": \[/gm)].map((m) => `src/${m[1]}`);
		const tests = [...new Set([...script.matchAll(/"(test\/[\w/.-]+\.test\.ts)"/g)].map((m) => m[1]!))];
		assert.ok(modules.length >= 10, `${modules.length} modules found`);
		assert.ok(tests.length >= 10, `${tests.length} test files found`);
		assert.deepEqual(
			[...modules, ...tests].filter((f) => !existsSync(f)),
			[],
		);
	});

	it("Stryker's sandbox and reports stay out of git and out of Biome", () => {
		const ignored = readFileSync(".gitignore", "utf8").split("\n");
		assert.ok(ignored.includes(".stryker-tmp/") && ignored.includes("reports/"));
		assert.ok(JSON.parse(readFileSync("biome.json", "utf8")).files.includes.includes("!!.stryker-tmp"));
	});
});
