import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type BarState, frame, type LiveState } from "../../src/cli/live.js";
import { stripAnsi, widthOf } from "../../src/cli/text-width.js";
import type { Ui } from "../../src/cli/ui.js";
import { en } from "../../src/i18n/en.js";
import { ja } from "../../src/i18n/ja.js";

const ui: Ui = { m: en, locale: "en-US", color: false };
const MiB = 1024 * 1024;

function state(bars: Partial<BarState>[], over: Partial<LiveState> = {}): LiveState {
	const full = bars.map((b, i) => ({
		index: i + 1,
		name: `model${i}.safetensors`,
		bytes: 0,
		total: null,
		speed: 0,
		retry: null,
		connecting: false,
		...b,
	}));
	return {
		bars: full,
		total: 10,
		succeeded: 1,
		skipped: 0,
		failed: 0,
		parked: 0,
		bytes: 2 * MiB,
		startedAt: 0,
		pacingUntil: null,
		nameWidth: Math.max(0, ...full.map((b) => widthOf(b.name))),
		remaining: null,
		...over,
	};
}

/** Issue 27, point 16: at 80 columns, the name first, then the bar, then the numbers; a layout that holds still. */
describe("live bars by priority at 80 columns", () => {
	it("a name of 29 characters is shown whole, with its bar and the numbers that fit", () => {
		const [line] = frame(
			state([{ name: "bigCheckpoint_v10.safetensors", bytes: 600 * MiB, total: 2048 * MiB, speed: 12 * MiB }]),
			79,
			0,
			ui,
		);
		assert.match(line!, /^bigCheckpoint_v10\.safetensors +\[#+-+\] +29\.3%/);
		assert.ok(widthOf(line!) <= 79);
	});

	it("the name, the bar and each number stay in their columns from frame to frame", () => {
		const at = (b: Partial<BarState>) => {
			const [line] = frame(state([{ name: "lora.safetensors", ...b }], { nameWidth: 30 }), 119, 0, ui);
			return { bar: line!.indexOf("["), end: line!.indexOf("]"), width: widthOf(line!) };
		};
		const frames = [
			at({ connecting: true, total: 2048 * MiB }),
			at({ bytes: 1024, total: 2048 * MiB, speed: 10 }),
			at({ bytes: 1023 * MiB, total: 2048 * MiB, speed: 1023 * 1024 }),
			at({ bytes: 2000 * MiB, total: 2048 * MiB, speed: 100 * MiB }),
		];
		for (const f of frames) assert.deepEqual(f, frames[0]);
	});

	it("the overall bytes count what the running downloads have so far, not only the finished ones", () => {
		const lines = frame(
			state(
				[
					{ bytes: 1 * MiB, total: 4 * MiB },
					{ bytes: 2 * MiB, total: 4 * MiB },
					{ bytes: 3 * MiB, total: 4 * MiB },
				],
				{ bytes: 0 },
			),
			119,
			0,
			ui,
		);
		assert.match(lines.at(-1)!, /\| 6\.0 MiB \|/);
	});

	it("an overall ETA from what is left and the speed of every download", () => {
		const lines = frame(
			state(
				[
					{ bytes: 0, total: 10 * MiB, speed: MiB },
					{ bytes: 0, total: 10 * MiB, speed: MiB },
				],
				{ remaining: 20 * MiB },
			),
			119,
			0,
			ui,
		);
		assert.match(lines.at(-1)!, /ETA 0:10/);
	});

	it("the overall line drops what matters least rather than cutting a word at 80 columns", () => {
		for (const u of [ui, { ...ui, m: ja, locale: "ja-JP" }]) {
			const lines = frame(
				state([{ bytes: 0, total: 10 * MiB, speed: MiB }], {
					total: 1234,
					succeeded: 1000,
					failed: 12,
					parked: 3,
					pacingUntil: 5000,
					remaining: 20 * MiB,
					bytes: 1500 * MiB,
				}),
				79,
				1000,
				u,
			);
			const overall = stripAnsi(lines.at(-1)!);
			assert.ok(widthOf(overall) <= 79, overall);
			assert.doesNotMatch(overall, /~$/, overall);
			assert.match(overall, /0:04/, "the pause's countdown is kept");
		}
	});

	it("never wider than the terminal, and the name first when it is narrow", () => {
		for (let width = 20; width <= 200; width += 7) {
			for (const u of [ui, { ...ui, m: ja, locale: "ja-JP" }]) {
				const lines = frame(
					state(
						[
							{ name: "夜桜スタイル_v1.safetensors", bytes: 1, total: 2, speed: 1 },
							{ retry: { kind: "slow", until: 60_000, retry: 1, max: 3 } },
						],
						{ pacingUntil: 3000 },
					),
					width,
					0,
					u,
				);
				for (const l of lines) assert.ok(widthOf(stripAnsi(l)) <= width, `${width}: ${l}`);
				assert.match(lines[0]!, /^夜桜/);
			}
		}
	});
});
