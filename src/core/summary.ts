import type { ErrorKind } from "../errors.js";
import type { RunEvent } from "./events.js";

/** What a run did, as the summary and the NDJSON `summary` event report it. */
export interface RunSummary {
	total: number;
	succeeded: number;
	skipped: number;
	/** Items attempted that failed (includes the one that hit the quota). */
	failed: number;
	/** Items not started because the daily quota was hit, Civitai looked down, the disk was full, or the run was interrupted. */
	parked: number;
	retries: number;
	/** Items that succeeded after at least one retry. */
	successfulRetries: number;
	/** Civitai's 429s (rate limited) the run was told of: each retry after one, and each item failed by one. */
	rateLimited: number;
	/** succeeded / (succeeded + failed); null when nothing was attempted. */
	successRate: number | null;
	bytes: number;
	elapsedMs: number;
	/** What stopped the run: the daily quota, an interrupt, a full disk, or Civitai down or unreachable (outage). */
	stoppedBy: StopReason | null;
	failedListPath: string | null;
	/** The command that runs the failed list again (its words, `civitai-dl` left out), or null: no failed list. */
	rerun: string[] | null;
	failures: { name: string; kind: ErrorKind; message: string }[];
}

/** What can stop a run. */
export type StopReason = "quota" | "interrupt" | "disk" | "outage";

/** What stopped the run, after one more stop: the first reason stands, except that an interrupt overrides any. */
export function stoppedAfter(current: StopReason | null, next: StopReason): StopReason {
	return next === "interrupt" ? "interrupt" : (current ?? next);
}

export function successRate(succeeded: number, failed: number): number | null {
	const attempted = succeeded + failed;
	return attempted === 0 ? null : succeeded / attempted;
}

export function emptySummary(total = 0): RunSummary {
	return {
		total,
		succeeded: 0,
		skipped: 0,
		failed: 0,
		parked: 0,
		retries: 0,
		successfulRetries: 0,
		rateLimited: 0,
		successRate: null,
		bytes: 0,
		elapsedMs: 0,
		stoppedBy: null,
		failedListPath: null,
		rerun: null,
		failures: [],
	};
}

/**
 * The one place a run is counted: fold one event into the running totals (in place, for speed on
 * long runs). The engine, the live display and any other reader of events count with this.
 */
export function tally(s: RunSummary, e: RunEvent): RunSummary {
	switch (e.type) {
		case "run_start":
			s.total = e.total;
			break;
		case "skip":
			s.skipped++;
			break;
		case "plan":
			if (e.action === "skip") s.skipped++;
			break;
		case "retry":
			s.retries++;
			if (e.kind === "rate_limited") s.rateLimited++;
			break;
		case "done":
			s.succeeded++;
			s.bytes += e.bytes;
			if (e.retries > 0) s.successfulRetries++;
			break;
		case "fail":
			if (e.parked) s.parked++;
			else s.failed++;
			if (e.kind === "rate_limited") s.rateLimited++;
			s.failures.push({ name: e.name, kind: e.kind, message: e.message });
			break;
		case "stopped":
			s.stoppedBy = stoppedAfter(s.stoppedBy, e.reason);
			break;
		case "run_end":
			s.elapsedMs = e.elapsedMs;
			s.failedListPath = e.failedListPath;
			s.rerun = e.rerun;
			break;
	}
	s.successRate = successRate(s.succeeded, s.failed);
	return s;
}

/** The summary of a whole list of events (what `tally` adds up to). */
export function summarize(events: Iterable<RunEvent>): RunSummary {
	const s = emptySummary();
	for (const e of events) tally(s, e);
	return s;
}

/** SPEC exit codes: 0 all done or skipped, 1 a failure, 3 parked (quota, outage or a full disk), 130 interrupted. */
export function exitCodeFor(s: Pick<RunSummary, "failed" | "parked" | "stoppedBy">): number {
	if (s.stoppedBy === "interrupt") return 130;
	if (s.stoppedBy === "quota" || s.stoppedBy === "outage" || s.stoppedBy === "disk") return 3;
	return s.failed > 0 || s.parked > 0 ? 1 : 0;
}
