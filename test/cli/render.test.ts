import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lineOf } from "../../src/cli/render.js";
import type { Ui } from "../../src/cli/ui.js";
import { en } from "../../src/i18n/en.js";

const ui: Ui = { m: en, locale: "en-US", color: false };
const plain = { quiet: false, verbose: false };

describe("plain lines for pacing waits", () => {
	it("a wait of a tenth of a second or more is said", () => {
		assert.match(lineOf({ type: "wait", delayMs: 500, reason: "pacing" }, ui, plain)?.out ?? "", /0\.5 s/);
	});
	it("a shorter wait is not (it would print as 0.0 s)", () => {
		assert.equal(lineOf({ type: "wait", delayMs: 40, reason: "pacing" }, ui, plain), null);
	});
	it("--quiet says no wait", () => {
		assert.equal(lineOf({ type: "wait", delayMs: 5000, reason: "pacing" }, ui, { quiet: true, verbose: false }), null);
	});
});
