import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatBytes, formatCountdown, formatDuration, formatPercent, formatSpeed } from "../../src/core/format.js";

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
