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
