import type { SimStats } from "./civitai.js";
import type { LibraryItem } from "./library.js";

/** What one strategy did in one simulated night, as the report counts it. */
export interface Outcome {
	strategy: string;
	/** The strategy runs our engine (true) or is a model of another tool (false). */
	realEngine: boolean;
	total: number;
	checkpoints: number;
	checkpointsDone: number;
	done: number;
	/** Items that needed at least one automatic retry, and those of them that then completed. */
	retried: number;
	retriedDone: number;
	wallMs: number;
	civitaiRequests: number;
	downloadRequests: number;
	rateLimited: number;
	quotaLimited: number;
	/** Bytes served beyond each file's size (a restart from zero, an overlap). */
	bytesTwice: number;
	bytesServed: number;
	/** Items not finished, by why: "failed: slow", "parked: quota", "unfinished (night over)". */
	notDone: Record<string, number>;
	/** One line per night when there were several: what it did and what stopped it. */
	nightLog: string[];
}

/** A fresh outcome for `strategy` over `items`. */
export function emptyOutcome(strategy: string, realEngine: boolean, items: readonly LibraryItem[]): Outcome {
	return {
		strategy,
		realEngine,
		total: items.length,
		checkpoints: items.filter((i) => i.category === "checkpoint").length,
		checkpointsDone: 0,
		done: 0,
		retried: 0,
		retriedDone: 0,
		wallMs: 0,
		civitaiRequests: 0,
		downloadRequests: 0,
		rateLimited: 0,
		quotaLimited: 0,
		bytesTwice: 0,
		bytesServed: 0,
		notDone: {},
		nightLog: [],
	};
}

/** Copy the simulated Civitai's counts into the outcome. */
export function takeStats(o: Outcome, stats: SimStats, items: readonly LibraryItem[]): void {
	o.civitaiRequests = stats.civitaiRequests;
	o.downloadRequests = stats.downloadRequests;
	o.rateLimited = stats.rateLimited;
	o.quotaLimited = stats.quotaLimited;
	o.bytesTwice = bytesTwice(stats.served, items);
	o.bytesServed = [...stats.served.values()].reduce((a, b) => a + b, 0);
}

/** Bytes served beyond each file's size. */
export function bytesTwice(served: Map<number, number>, items: readonly LibraryItem[]): number {
	const size = new Map(items.map((i) => [i.fileId, i.sizeBytes]));
	let extra = 0;
	for (const [id, n] of served) extra += Math.max(0, n - (size.get(id) ?? 0));
	return extra;
}

export function bump(counts: Record<string, number>, key: string): void {
	counts[key] = (counts[key] ?? 0) + 1;
}
