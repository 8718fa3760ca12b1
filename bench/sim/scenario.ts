import type { SimRules } from "./civitai.js";
import { FULL_LIBRARY, type LibraryShape } from "./library.js";

/** One simulated night: the library, Civitai's behaviour, the scale, and how long the night is. */
export interface Scenario {
	name: string;
	shape: LibraryShape;
	seed: number;
	/** Bytes and speeds are divided by this (times are not). */
	scale: number;
	horizonMs: number;
	/** Nights run one day apart on one clock, the library and the downloads kept (default 1). */
	nights?: number;
	rules: SimRules;
}

const HOUR = 3_600_000;
const MIN = 60_000;

/** Civitai's behaviour in real units, scaled by `scale` (bytes and bytes per second). */
export function rulesFor(scale: number, seed: number, over: Partial<SimRules> = {}): SimRules {
	return {
		tickMs: 1000,
		connectionBps: 10_000_000 / scale,
		lineBps: 25_000_000 / scale,
		throttleAfterMs: 5 * MIN,
		throttledBps: 4096 / scale,
		bucketPerMinute: 6,
		bucketBurst: 3,
		quotaBytes: Number.POSITIVE_INFINITY,
		outageAtMs: null,
		outage503Ms: 0,
		outageRefusedMs: 0,
		dropPerByte: 1 / (10_000_000_000 / scale),
		seed,
		...over,
	};
}

/** The default night: 500 items, the limiter, the throttle and rare drops (one per 10 GB); no quota, no outage. */
export function defaultScenario(seed = 20, scale = 1000): Scenario {
	return { name: "default", shape: FULL_LIBRARY, seed, scale, horizonMs: 8 * HOUR, rules: rulesFor(scale, seed) };
}

/** The default night with five times the drops (one per 2 GB): every big checkpoint breaks several times. */
export function dropsScenario(seed = 20, scale = 1000): Scenario {
	return {
		...defaultScenario(seed, scale),
		name: "frequent drops",
		rules: rulesFor(scale, seed, { dropPerByte: 1 / (2_000_000_000 / scale) }),
	};
}

/**
 * Four nights with the daily quota (60 GB a day) and an outage 90 minutes into the first night
 * (15 min of 503 pages, then 15 min refused): what is parked, and what the next nights pick up.
 */
export function quotaOutageScenario(seed = 20, scale = 1000): Scenario {
	return {
		...defaultScenario(seed, scale),
		name: "quota and outage, four nights",
		nights: 4,
		rules: rulesFor(scale, seed, {
			quotaBytes: 60_000_000_000 / scale,
			outageAtMs: 90 * MIN,
			outage503Ms: 15 * MIN,
			outageRefusedMs: 15 * MIN,
		}),
	};
}

/** The 20-item night of the test. */
export function smallScenario(seed = 20, scale = 1000): Scenario {
	return {
		name: "small",
		shape: { checkpoints: 2, loras: 4, embeddings: 13, others: 1 },
		seed,
		scale,
		horizonMs: 8 * HOUR,
		// throttled sooner than the default night, so that both checkpoints meet the throttle; the limiter
		// allows exactly one download request per 5 s (the default pacing): a faster engine meets 429s
		rules: rulesFor(scale, seed, { throttleAfterMs: 4 * MIN, bucketPerMinute: 12 }),
	};
}
