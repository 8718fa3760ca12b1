import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { judgeRatio, median, medianRelativeError, type Outcome, perRound, shouldRepeat, spread, verdictLine } from "../../bench/judge.js";

const near = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} ≠ ${b}`);

describe("median", () => {
	const table: [string, number[], number][] = [
		["one run", [2.5], 2.5],
		["odd count, unsorted", [3, 1, 2], 2],
		["even count: the mean of the middle two", [4, 1, 3, 2], 2.5],
		["an outlier does not move it", [1.4, 1.5, 1.5, 1.6, 9], 1.5],
	];
	for (const [name, xs, want] of table) it(name, () => near(median(xs), want));
	it("no runs: NaN", () => assert.ok(Number.isNaN(median([]))));
	it("leaves its input as it was", () => {
		const xs = [3, 1, 2];
		median(xs);
		assert.deepEqual(xs, [3, 1, 2]);
	});
});

describe("spread: (max - min) / median", () => {
	const table: [string, number[], number][] = [
		["identical runs", [2, 2, 2], 0],
		["one run", [2], 0],
		["1..3 around 2", [1, 2, 3], 1],
		["the issue's curl column: 1.18 to 3.92 s, median 1.94", [1.18, 1.5, 1.8, 1.94, 2.5, 3.0, 3.92], (3.92 - 1.18) / 1.94],
	];
	for (const [name, xs, want] of table) it(name, () => near(spread(xs), want));
});

describe("medianRelativeError", () => {
	it("fewer than two runs: unknown, so infinite", () => {
		assert.equal(medianRelativeError([]), Number.POSITIVE_INFINITY);
		assert.equal(medianRelativeError([1]), Number.POSITIVE_INFINITY);
	});
	it("identical runs: none", () => assert.equal(medianRelativeError([2, 2, 2, 2, 2, 2, 2]), 0));
	it("seven runs: 1.2533 × (spread / 2.704) / √7", () =>
		near(medianRelativeError([1, 1.5, 2, 2, 2, 2.5, 3]), (1.2533 * (1 / 2.704)) / Math.sqrt(7)));
	it("the same spread over more runs: a smaller error", () =>
		assert.ok(medianRelativeError([1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3]) < medianRelativeError([1, 2, 2, 2, 2, 2, 3])));
	it("beyond 20 runs: finite, and no larger than at 20", () => {
		const twenty = Array.from({ length: 20 }, (_, i) => 1 + (i % 2));
		const thirty = Array.from({ length: 30 }, (_, i) => 1 + (i % 2));
		assert.ok(Number.isFinite(medianRelativeError(thirty)) && medianRelativeError(thirty) < medianRelativeError(twenty));
	});
});

describe("judgeRatio: median(reference) / median(ours) against a target, or too wide to judge", () => {
	// seven runs each, as the one-stream part makes; times in seconds, smaller is better
	const tight = (m: number) => [0.98, 0.99, 1, 1, 1, 1.01, 1.02].map((x) => x * m);
	const table: [string, number[], number[], number, Outcome][] = [
		["well above its line, tight runs", tight(1.8), tight(2.1), 1.0, "met"],
		["well below its line, tight runs", tight(2.5), tight(1.5), 0.8, "NOT met"],
		["2% above its line, tight runs (±1%): judged", tight(2.0), tight(1.64), 0.8, "met"],
		["2% below its line, tight runs: judged", tight(2.0), tight(1.568), 0.8, "NOT met"],
		// the quiet-machine runs: ours 2.55 s with a spread of 57%, curl 1.55 s, curl + flush 2.01 s
		[
			"the issue's disk runs against curl -o (0.61 vs 0.8): NOT met despite a 57% spread",
			[2.3, 2.4, 2.5, 2.55, 2.6, 3.0, 3.75],
			[1.4, 1.45, 1.5, 1.55, 1.6, 1.65, 1.7],
			0.8,
			"NOT met",
		],
		[
			"the same runs against curl + flush (0.79 vs 0.95): within ±21%, too wide",
			[2.3, 2.4, 2.5, 2.55, 2.6, 3.0, 3.75],
			[1.9, 1.95, 2.0, 2.01, 2.05, 2.1, 2.2],
			0.95,
			"too wide",
		],
		// the bench's old curl column, 1.18 to 3.92 s: its ratio came from curl's bad runs
		["a reference scattered from 1.18 to 3.92 s: too wide", tight(2.1), [1.18, 1.5, 1.8, 1.94, 2.5, 3.0, 3.92], 0.8, "too wide"],
		["one run each: too wide however far", [5], [1], 0.8, "too wide"],
		["exactly on the line: too wide", tight(2), tight(1.6), 0.8, "too wide"],
		["exactly on the line with identical runs: too wide (no side to be on)", [2, 2, 2], [1.6, 1.6, 1.6], 0.8, "too wide"],
		["a failed contender (no runs): too wide", [], tight(1), 0.8, "too wide"],
	];
	for (const [name, ours, reference, target, outcome] of table)
		it(name, () => assert.equal(judgeRatio(ours, reference, target).outcome, outcome));

	it("reports the ratio of medians, the medians and the spreads", () => {
		const v = judgeRatio([2, 3, 4], [1, 1.5, 2], 0.8);
		near(v.ratio, 0.5);
		near(v.oursMedian, 3);
		near(v.referenceMedian, 1.5);
		near(v.oursSpread, 2 / 3);
		near(v.referenceSpread, 2 / 3);
		assert.equal(v.target, 0.8);
	});
	it("the uncertainty is two standard errors of the ratio", () => {
		const ours = [1, 1.5, 2, 2, 2, 2.5, 3];
		const ref = [2, 2, 2, 2, 2, 2, 2];
		near(judgeRatio(ours, ref, 1).uncertainty, 2 * medianRelativeError(ours));
	});
	it("a verdict does not depend on the order of the runs", () => {
		const ours = [2.3, 2.4, 2.5, 2.55, 2.6, 3.0, 3.75];
		const ref = [1.4, 1.45, 1.5, 1.55, 1.6, 1.65, 1.7];
		assert.deepEqual(judgeRatio([...ours].reverse(), [...ref].reverse(), 0.8), judgeRatio(ours, ref, 0.8));
	});
});

describe("perRound: a budget made of other contenders' samples, round by round", () => {
	it("1.5 × (curl's CPU + SHA-256's) per round", () => assert.deepEqual(perRound(1.5, [1, 2], [3, 4]), [6, 9]));
	it("as many rounds as the shortest series", () => assert.deepEqual(perRound(1, [1, 2, 3], [1]), [2]));
});

describe("shouldRepeat: a part runs again while a target is too wide, up to a bound", () => {
	const v = (...outcomes: Outcome[]) => outcomes.map((outcome) => ({ outcome }));
	const table: [string, { outcome: Outcome }[], number, number, boolean][] = [
		["all judged", v("met", "NOT met"), 1, 3, false],
		["one too wide, attempts left", v("met", "too wide"), 1, 3, true],
		["one too wide at the last attempt", v("too wide"), 3, 3, false],
		["a bound of one attempt", v("too wide"), 1, 1, false],
		["no targets", v(), 1, 3, false],
	];
	for (const [name, verdicts, attempt, max, want] of table) it(name, () => assert.equal(shouldRepeat(verdicts, attempt, max), want));
});

describe("verdictLine", () => {
	it("a judged target: its ratio, medians, spreads and outcome", () => {
		const line = verdictLine(
			"disk: civitai-dl / curl -o",
			judgeRatio([2.3, 2.4, 2.5, 2.55, 2.6, 3.0, 3.75], [1.4, 1.45, 1.5, 1.55, 1.6, 1.65, 1.7], 0.8),
		);
		assert.match(
			line,
			/^disk: civitai-dl \/ curl -o: 0\.61 \(medians 2\.55 s and 1\.55 s; spreads 57% and 19%; ±21% at these spreads\) \(target ≥ 0\.80\): NOT met$/,
		);
	});
	it("too wide after the last attempt: says so, and gives no verdict", () => {
		const line = verdictLine("x", judgeRatio([5], [1], 0.8), "s", 3);
		assert.match(line, /too wide to judge after 3 attempts: .*no verdict$/);
		assert.doesNotMatch(line, /: (met|NOT met)$/);
	});
	it("one run: an infinite uncertainty is printed as ∞", () => assert.match(verdictLine("x", judgeRatio([5], [1], 0.8)), /±∞/));
});
