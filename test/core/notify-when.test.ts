import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type NotifyWhen, notifies } from "../../src/core/notify-when.js";

describe("which runs tell the webhooks", () => {
	const cases: [boolean | undefined, NotifyWhen, boolean, boolean][] = [
		// a get typed at a terminal: not by default
		[undefined, "unattended", false, false],
		// cron, schedule: by default
		[undefined, "unattended", true, true],
		// --notify on a terminal, --no-notify in cron
		[true, "unattended", false, true],
		[false, "unattended", true, false],
		[undefined, "always", false, true],
		[undefined, "always", true, true],
		[false, "always", true, false],
		[undefined, "never", true, false],
		[true, "never", false, true],
	];
	for (const [flag, when, unattended, want] of cases) {
		it(`flag ${flag}, when ${when}, ${unattended ? "unattended" : "on a terminal"}: ${want ? "sends" : "does not"}`, () =>
			assert.equal(notifies(flag, when, unattended), want));
	}
});
