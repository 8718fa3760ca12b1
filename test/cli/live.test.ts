import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type BarState, frame, type LiveState } from "../../src/cli/live.js";
import { fit, stripAnsi, widthOf } from "../../src/cli/text-width.js";
import type { Ui } from "../../src/cli/ui.js";
import { en } from "../../src/i18n/en.js";
import { ja } from "../../src/i18n/ja.js";

const ui: Ui = { m: en, locale: "en-US", color: false };
const MiB = 1024 * 1024;

function state(bars: Partial<BarState>[], over: Partial<LiveState> = {}): LiveState {
	return {
		bars: bars.map((b, i) => ({
			index: i + 1,
			name: `model${i}.safetensors`,
			bytes: 0,
			total: null,
			speed: 0,
			retry: null,
			connecting: false,
			...b,
		})),
		total: 5,
		succeeded: 1,
		skipped: 2,
		failed: 0,
		parked: 0,
		bytes: 3 * MiB,
		startedAt: 0,
		pacingUntil: null,
		nameWidth: 0,
		remaining: null,
		...over,
	};
}

describe("the live frame", () => {
	it("shows name, bar, percent, bytes of total, speed and ETA, then the overall line", () => {
		const lines = frame(state([{ name: "dream.safetensors", bytes: 50 * MiB, total: 200 * MiB, speed: 10 * MiB }]), 100, 65_000, ui);
		assert.equal(lines.length, 2);
		assert.match(lines[0]!, /^dream\.safetensors +\[#+-+\] +25\.0% +50\.0 MiB\/200 MiB +10\.0 MiB\/s +0:15$/);
		// the overall bytes: the 3 MiB finished and the 50 MiB of the running download (issue 27, point 16)
		assert.equal(lines[1], "3/5 items | 1 ok | 2 skipped | 0 failed | 53.0 MiB | 1:05");
	});

	it("parked items are counted as parked, not failed (as the summary counts them)", () => {
		const lines = frame(state([], { total: 6, failed: 1, parked: 2 }), 100, 65_000, ui);
		assert.equal(lines.at(-1), "6/6 items | 1 ok | 2 skipped | 1 failed | 2 parked | 3.0 MiB | 1:05");
	});

	it("one bar per active download", () => {
		const lines = frame(state([{ name: "a" }, { name: "b" }, { name: "c" }]), 100, 0, ui);
		assert.equal(lines.length, 4);
	});

	it("a retry is its own state with a countdown", () => {
		const lines = frame(state([{ name: "x.safetensors", retry: { kind: "rate_limited", until: 174_000, retry: 1, max: 3 } }]), 100, 0, ui);
		assert.match(lines[0]!, /^x\.safetensors +rate limited, retrying in 2:54 \(1\/3\)$/);
		const slow = frame(state([{ retry: { kind: "slow", until: 30_000, retry: 2, max: 3 } }]), 100, 0, ui);
		assert.match(slow[0]!, /throttled, retrying in 0:30 \(2\/3\)/);
	});

	it("the pacing pause shows on the overall line", () => {
		const lines = frame(state([], { pacingUntil: 5000 }), 100, 1000, ui);
		assert.match(lines.at(-1)!, /next request in 0:04 \| 1 s$/);
	});

	it("never draws wider than the terminal, at any width, with wide names", () => {
		const name = "夜桜スタイル_とても長い名前のモデル_v2.safetensors";
		for (const width of [20, 30, 45, 59, 60, 80, 120, 200]) {
			const lines = frame(
				state([
					{ name, bytes: 1, total: 2, speed: 1 },
					{ name, retry: { kind: "network", until: 9_999_000, retry: 3, max: 3 } },
				]),
				width,
				0,
				{ ...ui, m: ja, locale: "ja-JP" },
			);
			for (const l of lines) assert.ok(widthOf(stripAnsi(l)) <= width, `${widthOf(l)} > ${width}: ${l}`);
		}
	});

	it("keeps the name, then the bar, then the percent on a narrow terminal (issue 27, point 16)", () => {
		const [bar] = frame(state([{ name: "dream.safetensors", bytes: 1, total: 4, speed: MiB }]), 40, 0, ui);
		assert.equal(bar, "dream.safetensors [###----------]  25.0%");
	});

	it("colours only when asked", () => {
		const plain = frame(state([{ bytes: 1, total: 2 }]), 80, 0, ui);
		const coloured = frame(state([{ bytes: 1, total: 2 }]), 80, 0, { ...ui, color: true });
		assert.ok(plain.every((l) => !l.includes("\x1b[")));
		assert.ok(coloured.some((l) => l.includes("\x1b[")));
		assert.deepEqual(coloured.map(stripAnsi), plain);
	});
});

describe("fitting text to columns", () => {
	const cases: [string, number, string][] = [
		["abcdef", 10, "abcdef"],
		["abcdef", 4, "abc~"],
		["夜桜スタイル", 6, "夜桜~"],
		["夜桜", 4, "夜桜"],
	];
	for (const [s, max, want] of cases) it(`${s} in ${max} → ${want}`, () => assert.equal(fit(s, max), want));
	it("pads to the width", () => assert.equal(fit("ab", 5, true), "ab   "));
	it("counts East Asian wide characters as two columns", () => assert.equal(widthOf("a夜b"), 4));
});
