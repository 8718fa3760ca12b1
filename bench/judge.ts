/**
 * How the bench judges a target (issue 31): pure functions, no timing and no processes, so that
 * test/bench/judge.test.ts can check them with tables.
 *
 * A target is a ratio of medians: the reference's median time over ours ("we reach 0.93 of curl's
 * speed"), or a budget's median over ours for CPU. Each contender's spread is (max - min) / median of
 * its runs. A verdict is given only when the ratio stands clear of the target's line by more than the
 * runs' scatter allows: two standard errors of the ratio, each median's error estimated from its
 * contender's range (σ ≈ range / d2(n), the range of n normal samples being d2(n) σ on average; the
 * median's standard error ≈ 1.2533 σ / √n). Closer than that, the verdict is "too wide to judge": the
 * same bench run a minute later could land on the other side of the line, so the part is run again
 * (up to a bound) instead of reporting a verdict that flips.
 */

export function median(xs: readonly number[]): number {
	if (xs.length === 0) return Number.NaN;
	const s = [...xs].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** (max - min) / median: 0.57 means the slowest run took 57% of the median longer than the fastest. */
export function spread(xs: readonly number[]): number {
	if (xs.length === 0) return Number.NaN;
	const m = median(xs);
	const range = Math.max(...xs) - Math.min(...xs);
	if (range === 0) return 0;
	return m > 0 ? range / m : Number.POSITIVE_INFINITY;
}

/** Expected range of n samples of a normal distribution, in standard deviations (n = 2..20). */
const D2 = [
	Number.NaN,
	Number.NaN,
	1.128,
	1.693,
	2.059,
	2.326,
	2.534,
	2.704,
	2.847,
	2.97,
	3.078,
	3.173,
	3.258,
	3.336,
	3.407,
	3.472,
	3.532,
	3.588,
	3.64,
	3.689,
	3.735,
];

/**
 * The relative standard error of the median of `xs`, from its spread: infinite for fewer than two runs
 * (nothing says how far the next run would land). Beyond 20 runs d2 is taken as 20's (a little high an
 * error: the judgement only gets more careful).
 */
export function medianRelativeError(xs: readonly number[]): number {
	const n = xs.length;
	if (n < 2) return Number.POSITIVE_INFINITY;
	const d2 = D2[Math.min(n, 20)]!;
	return (1.2533 * (spread(xs) / d2)) / Math.sqrt(n);
}

export type Outcome = "met" | "NOT met" | "too wide";

export interface RatioVerdict {
	/** median(reference) / median(ours). */
	ratio: number;
	/** The ratio the target asks for, at least. */
	target: number;
	outcome: Outcome;
	/** How far the ratio may wander at these spreads (two standard errors, relative): ±0.12 is ±12%. */
	uncertainty: number;
	oursMedian: number;
	referenceMedian: number;
	oursSpread: number;
	referenceSpread: number;
}

/**
 * Judge "our ratio to the reference is at least `target`", where each array holds one number per run
 * (seconds, or CPU seconds) and smaller is better: ratio = median(reference) / median(ours).
 */
export function judgeRatio(ours: readonly number[], reference: readonly number[], target: number): RatioVerdict {
	const oursMedian = median(ours);
	const referenceMedian = median(reference);
	const ratio = referenceMedian / oursMedian;
	const uncertainty = 2 * Math.hypot(medianRelativeError(ours), medianRelativeError(reference));
	const distance = Math.abs(Math.log(ratio / target));
	const judged = Number.isFinite(ratio) && ratio > 0 && Number.isFinite(uncertainty) && distance > uncertainty;
	return {
		ratio,
		target,
		outcome: !judged ? "too wide" : ratio >= target ? "met" : "NOT met",
		uncertainty,
		oursMedian,
		referenceMedian,
		oursSpread: spread(ours),
		referenceSpread: spread(reference),
	};
}

/** Element-wise sum of per-round samples (curl's CPU plus SHA-256 alone's in the same round), times `scale`. */
export function perRound(scale: number, ...series: readonly (readonly number[])[]): number[] {
	const n = Math.min(...series.map((s) => s.length));
	return Array.from({ length: n }, (_, i) => scale * series.reduce((sum, s) => sum + s[i]!, 0));
}

/** A part is run again while some target is too wide to judge, `maxAttempts` times in all. */
export function shouldRepeat(verdicts: readonly { outcome: Outcome }[], attempt: number, maxAttempts: number): boolean {
	return attempt < maxAttempts && verdicts.some((v) => v.outcome === "too wide");
}

const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : "∞");
const two = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "?");

/**
 * One verdict line: "civitai-dl / curl -o + flush: 0.78 (medians 2.55 s, 2.01 s; spreads 57%, 12%;
 * ±18% at these spreads) (target ≥ 0.95): NOT met". `attempts` says how many times the part ran, when
 * the last is still too wide.
 */
export function verdictLine(label: string, v: RatioVerdict, unit = "s", attempts?: number): string {
	const facts = `${two(v.ratio)} (medians ${two(v.oursMedian)} ${unit} and ${two(v.referenceMedian)} ${unit}; spreads ${pct(v.oursSpread)} and ${pct(v.referenceSpread)}; ±${pct(v.uncertainty)} at these spreads)`;
	const end =
		v.outcome === "too wide"
			? `too wide to judge${attempts ? ` after ${attempts} attempt${attempts > 1 ? "s" : ""}` : ""}: the ratio is within the runs' scatter of its line, no verdict`
			: v.outcome;
	return `${label}: ${facts} (target ≥ ${two(v.target)}): ${end}`;
}
