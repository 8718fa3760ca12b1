import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { formatBytes, formatCountdown, formatDuration, formatPercent, formatPlainNumber, formatSpeed } from "../../src/core/format.js";

describe("formatting for people", () => {
	const cases: [string, string, string][] = [
		["bytes", formatBytes(0), "0 B"],
		["bytes", formatBytes(1023), "1,023 B"],
		["bytes", formatBytes(1536), "1.5 KiB"],
		["bytes", formatBytes(200 * 1024 * 1024), "200 MiB"],
		["bytes", formatBytes(2.5 * 1024 ** 3), "2.5 GiB"],
		["bytes ja", formatBytes(1536, "ja-JP"), "1.5 KiB"],
		["bytes de", formatBytes(1536, "de-DE"), "1,5 KiB"],
		["speed", formatSpeed(19.1 * 1024 * 1024), "19.1 MiB/s"],
		["duration", formatDuration(500), "0.5 s"],
		["duration", formatDuration(5000), "5 s"],
		["duration", formatDuration(174_000), "2:54"],
		["duration", formatDuration(3_723_000), "1:02:03"],
		// Japanese puts no space between a number and its unit, and says minutes and hours in words (issue 27, point 18)
		["duration ja", formatDuration(5000, "ja-JP"), "5秒"],
		["duration ja", formatDuration(1500, "ja-JP"), "1.5秒"],
		["duration ja", formatDuration(174_000, "ja-JP"), "2分54秒"],
		["duration ja", formatDuration(600_000, "ja-JP"), "10分"],
		["duration ja", formatDuration(3_723_000, "ja-JP"), "1時間2分3秒"],
		["duration ja", formatDuration(7_200_000, "ja-JP"), "2時間"],
		["countdown", formatCountdown(4200), "0:05"],
		["countdown", formatCountdown(174_000), "2:54"],
		["countdown", formatCountdown(-5), "0:00"],
		["percent", formatPercent(1, 3), "33.3%"],
		["percent", formatPercent(1, null), "?%"],
	];
	for (const [what, got, want] of cases) it(`${what}: ${want}`, () => assert.equal(got, want));
});

describe("formatPlainNumber: en-US and ja-JP numbers without Intl, exactly as Intl.NumberFormat writes them (issue 31: memory)", () => {
	const intl = (n: number, digits: number, locale = "en-US") =>
		new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
	// ties on the shortest decimal (1.005 → 1.01 where toFixed says 1.00), carries, -0, the extremes
	const edges = [1.005, 0.15, 1.45, 2.5, 0.5, 999.95, 9.95, 99999.5, 0.0005, 0, -0, -0.04, -1.5, 1e21, 1e-7, 123456789.25];
	const more = [5e-324, 1.7976931348623157e308, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
	for (const n of [...edges, ...more]) {
		for (const digits of [0, 1, 2]) it(`${n} with ${digits} digits`, () => assert.equal(formatPlainNumber(n, digits), intl(n, digits)));
	}
	it("any double, 0 to 3 digits, both locales", () =>
		fc.assert(
			fc.property(fc.double(), fc.integer({ min: 0, max: 3 }), (n, digits) => {
				assert.equal(formatPlainNumber(n, digits), intl(n, digits));
				assert.equal(formatPlainNumber(n, digits), intl(n, digits, "ja-JP"));
			}),
			{ numRuns: 2000 },
		));
	it("sizes as the tool shows them: numbers with a few decimals", () =>
		fc.assert(
			fc.property(
				fc.integer({ min: -1e9, max: 1e12 }),
				fc.integer({ min: 0, max: 3 }),
				fc.integer({ min: 0, max: 2 }),
				(k, scale, digits) => {
					const n = k / 10 ** scale;
					assert.equal(formatPlainNumber(n, digits), intl(n, digits));
				},
			),
			{ numRuns: 2000 },
		));
});
