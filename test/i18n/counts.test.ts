import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { en } from "../../src/i18n/en.js";

describe("counts in English agree with their number (a walk: '1 of 1 models have a newer version')", () => {
	const summary = (checked: number, outdated: number) =>
		en.outdatedSummary({ checked, outdated, upToDate: checked - outdated, notFound: 0, requests: 1, named: true });
	const cases: [number, number, RegExp][] = [
		[1, 1, /^1 of 1 model has a newer version \(0 up to date/],
		[3, 1, /^1 of 3 models has a newer version/],
		[3, 2, /^2 of 3 models have a newer version/],
		[3, 0, /^0 of 3 models have a newer version/],
		[1, 0, /^0 of 1 model have a newer version/],
	];
	for (const [checked, outdated, want] of cases) it(`${outdated} of ${checked}`, () => assert.match(summary(checked, outdated), want));
});
