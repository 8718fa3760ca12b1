import type { Outcome } from "./outcome.js";
import type { Scenario } from "./scenario.js";

/** The seed's four indicators (成功指標) for one outcome; `baseline` is the "before" outcome. */
export interface Indicators {
	checkpointRate: number;
	/** 429s per download request. */
	rateLimitIncidence: number;
	/** How much lower the incidence is than the baseline's (1 = none left). */
	rateLimitCut: number;
	/** Items retried that then completed / items retried (1 when nothing needed a retry). */
	retrySuccess: number;
	completion: number;
}

export function indicators(o: Outcome, baseline: Outcome): Indicators {
	const incidence = o.downloadRequests === 0 ? 0 : o.rateLimited / o.downloadRequests;
	const base = baseline.downloadRequests === 0 ? 0 : baseline.rateLimited / baseline.downloadRequests;
	return {
		checkpointRate: o.checkpoints === 0 ? 1 : o.checkpointsDone / o.checkpoints,
		rateLimitIncidence: incidence,
		rateLimitCut: base === 0 ? 0 : 1 - incidence / base,
		retrySuccess: o.retried === 0 ? 1 : o.retriedDone / o.retried,
		completion: o.done / o.total,
	};
}

export const TARGETS = { checkpointRate: 0.95, rateLimitCut: 0.5, retrySuccess: 0.8, completion: 0.9 };

export function meetsAll(i: Indicators): boolean {
	return (
		i.checkpointRate >= TARGETS.checkpointRate &&
		i.rateLimitCut >= TARGETS.rateLimitCut &&
		i.retrySuccess >= TARGETS.retrySuccess &&
		i.completion >= TARGETS.completion
	);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const mark = (ok: boolean) => (ok ? " ✓" : " ✗");
const hours = (ms: number) => `${Math.floor(ms / 3_600_000)} h ${String(Math.round((ms % 3_600_000) / 60_000)).padStart(2, "0")} min`;

/** The markdown table of one scenario's outcomes (the first outcome is the baseline). */
export function table(outcomes: readonly Outcome[], scale: number): string {
	const base = outcomes[0]!;
	const head = [
		"| strategy | checkpoints ≥95% | 429s / download requests (cut ≥50%) | retries succeeding ≥80% | library ≥90% | simulated wall time | requests to Civitai (per completed item) | 429s | bytes downloaded twice | not done, why |",
		"|---|---|---|---|---|---|---|---|---|---|",
	];
	const rows = outcomes.map((o) => {
		const i = indicators(o, base);
		const twice = `${((o.bytesTwice * scale) / 1e9).toFixed(2)} GB`;
		const why =
			Object.entries(o.notDone)
				.map(([k, n]) => `${n} ${k}`)
				.join("; ") || "—";
		const cut = o === base ? "(baseline)" : `cut ${pct(i.rateLimitCut)}${mark(i.rateLimitCut >= TARGETS.rateLimitCut)}`;
		return [
			o.strategy,
			`${o.checkpointsDone}/${o.checkpoints} = ${pct(i.checkpointRate)}${mark(i.checkpointRate >= TARGETS.checkpointRate)}`,
			`${o.rateLimited}/${o.downloadRequests} = ${pct(i.rateLimitIncidence)} ${cut}`,
			o.retried === 0
				? "— (nothing retried)"
				: `${o.retriedDone}/${o.retried} = ${pct(i.retrySuccess)}${mark(i.retrySuccess >= TARGETS.retrySuccess)}`,
			`${o.done}/${o.total} = ${pct(i.completion)}${mark(i.completion >= TARGETS.completion)}`,
			hours(o.wallMs),
			`${o.civitaiRequests} (${o.done === 0 ? "—" : (o.civitaiRequests / o.done).toFixed(2)})`,
			String(o.rateLimited + o.quotaLimited),
			twice,
			why,
		].join(" | ");
	});
	return [...head, ...rows.map((r) => `| ${r} |`)].join("\n");
}

export function parameters(s: Scenario): string {
	const r = s.rules;
	const real = (bps: number) => `${((bps * s.scale) / 1e6).toFixed(0)} MB/s`;
	return [
		`- library: ${s.shape.checkpoints} checkpoints (2-7 GB), ${s.shape.loras} LoRAs (10-300 MB), ${s.shape.embeddings} embeddings (10-300 kB), ${s.shape.others} others (VAEs, 80-800 MB), in CSV order (oldest first, checkpoints scattered); seed ${s.seed}`,
		`- scale: bytes and speeds ÷ ${s.scale} (times unchanged); the night ends after ${hours(s.horizonMs)}`,
		`- line: ${real(r.lineBps)} in all, ${real(r.connectionBps)} per connection; a connection open over ${r.throttleAfterMs / 60_000} min drops to ${((r.throttledBps * s.scale) / 1024).toFixed(0)} KiB/s`,
		`- \`/api/download\` limiter: token bucket, ${r.bucketPerMinute}/min, burst ${r.bucketBurst}; every other 429 carries Retry-After`,
		`- daily quota: ${Number.isFinite(r.quotaBytes) ? `${((r.quotaBytes * s.scale) / 1e9).toFixed(0)} GB / 24 h` : "none"}; outage: ${r.outageAtMs === null ? "none" : `at ${hours(r.outageAtMs)}: ${r.outage503Ms / 60_000} min of 503 pages, then ${r.outageRefusedMs / 60_000} min refused`}`,
		`- drops: one per ${(1 / r.dropPerByte / 1e9) * s.scale} GB transferred on average`,
	].join("\n");
}
