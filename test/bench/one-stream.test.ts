import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Sample } from "../../bench/harness.js";
import { judgePlace, ONE_STREAM_TARGETS } from "../../bench/one-stream.js";

/** Seven rounds of `seconds` (scaled a little per round) with `cpu` CPU seconds each. */
const runs = (seconds: number, cpu: number): Sample[] =>
	[0.99, 1, 1.01, 1, 0.995, 1.005, 1].map((k) => ({
		seconds: seconds * k,
		userS: cpu * k * 0.6,
		sysS: cpu * k * 0.4,
		maxRssMb: 80,
		code: 0,
	}));

describe("judgePlace: the one-stream part's targets for a place", () => {
	it("on disk: against curl + sync (0.95), against curl (0.8), and the CPU budget", () => {
		const rows = [
			{ name: "civitai-dl", samples: runs(2.0, 2.7) },
			{ name: "curl -o", samples: runs(1.0, 1.0) },
			{ name: "curl -o + sync", samples: runs(1.5, 1.0) },
			{ name: "SHA-256 alone", samples: runs(1.1, 1.1) },
		];
		const v = judgePlace({ name: "disk", flushRow: true }, rows);
		assert.deepEqual(
			v.map(([label, verdict]) => [label.split(":")[1]!.trim().split(" ")[0], verdict.target, verdict.outcome]),
			[
				["civitai-dl", ONE_STREAM_TARGETS.diskVsCurlFlush, "NOT met"],
				["civitai-dl", ONE_STREAM_TARGETS.diskVsCurl, "NOT met"],
				["CPU,", 1, "met"],
			],
		);
		// 1.5 × (1.0 + 1.1) = 3.15 CPU s against our 2.7
		assert.ok(Math.abs(v[2]![1].ratio - 3.15 / 2.7) < 1e-9);
		assert.ok(Math.abs(v[0]![1].ratio - 0.75) < 1e-9);
	});
	it("on tmpfs (no flush row): against curl (1.0) and the CPU budget, the hash being the last row", () => {
		const rows = [
			{ name: "civitai-dl", samples: runs(1.8, 5) },
			{ name: "curl -o", samples: runs(2.1, 1.0) },
			{ name: "SHA-256 alone", samples: runs(1.1, 1.1) },
		];
		const v = judgePlace({ name: "RAM (tmpfs)", flushRow: false }, rows);
		assert.deepEqual(
			v.map(([, verdict]) => [verdict.target, verdict.outcome]),
			[
				[ONE_STREAM_TARGETS.ramVsCurl, "met"],
				[1, "NOT met"],
			],
		);
	});
});
