import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { namesOf, redownloadPlan } from "../../src/core/prompt-plan.js";

const row = (name: string, size: string, path = `/m/${name}`) => ({ filename: name, path, url: `u/${name}`, size_bytes: size });

describe("what redownload all's question counts (issue 27, point 4)", () => {
	const rows = [row("a", "100"), row("b", "200"), row("c", ""), row("d", "400", "")];
	it("a file there with its recorded size is skipped; a missing, short or unsized one is downloaded", () => {
		const plan = redownloadPlan(rows, [100, 50, 7, undefined], false);
		assert.deepEqual(plan, { count: 3, of: 4, present: 1, bytes: 600, unknown: 1, names: ["b", "c", "d"], more: 0 });
	});
	it("--output or --type: the recorded paths say nothing, everything is downloaded", () => {
		assert.equal(redownloadPlan(rows, [100, 200, 7, undefined], true).present, 0);
	});
	it("a few names, then how many more", () => {
		assert.deepEqual(namesOf(["1", "2", "3", "4", "5"]), { names: ["1", "2", "3"], more: 2 });
		assert.deepEqual(namesOf(["1"]), { names: ["1"], more: 0 });
	});
});
