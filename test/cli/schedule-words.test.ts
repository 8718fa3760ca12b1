import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exitMeaning } from "../../src/cli/schedule.js";
import { en } from "../../src/i18n/en.js";
import { ja } from "../../src/i18n/ja.js";

/** Issue 27, point 20: `schedule` says what a run's exit code means for that command. */
describe("what an exit code means, by command", () => {
	it("an outdated check that ended 0 checked; it did not download anything", () => {
		const said = exitMeaning(0, en, null, ["outdated", "--lang", "en"]);
		assert.doesNotMatch(said, /download/);
		assert.match(said, /checked/);
		assert.doesNotMatch(exitMeaning(0, ja, null, ["outdated"]), /ダウンロード/);
	});
	it("an outdated check that ended 1: a lookup failed", () =>
		assert.match(exitMeaning(1, en, null, ["outdated"]), /could not ask for new versions/));
	it("verify: broken files, or every file fine", () => {
		assert.match(exitMeaning(1, en, null, ["verify"]), /broken/);
		assert.doesNotMatch(exitMeaning(0, en, null, ["verify"]), /download/);
	});
	it("a download command keeps its words", () => {
		assert.equal(exitMeaning(0, en, null, ["redownload", "all", "--yes"]), "everything downloaded or skipped");
		assert.equal(exitMeaning(0, en, null, ["update", "--yes"]), "everything downloaded or skipped");
	});
});
