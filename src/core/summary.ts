import type { ErrorKind } from "../errors.js";

/** What a run did, as the summary and the NDJSON `summary` event report it. */
export interface RunSummary {
	total: number;
	succeeded: number;
	skipped: number;
	/** Items attempted that failed (includes the one that hit the quota). */
	failed: number;
	/** Items not started because the daily quota was hit or the run was interrupted. */
	parked: number;
	retries: number;
	/** Items that succeeded after at least one retry. */
	successfulRetries: number;
	/** succeeded / (succeeded + failed); null when nothing was attempted. */
	successRate: number | null;
	bytes: number;
	elapsedMs: number;
	stoppedBy: "quota" | "interrupt" | "disk" | null;
	failedListPath: string | null;
	failures: { name: string; kind: ErrorKind; message: string }[];
}

export function successRate(succeeded: number, failed: number): number | null {
	const attempted = succeeded + failed;
	return attempted === 0 ? null : succeeded / attempted;
}

/** SPEC exit codes: 0 all done or skipped, 1 a failure, 3 quota park, 130 interrupted. */
export function exitCodeFor(s: Pick<RunSummary, "failed" | "parked" | "stoppedBy">): number {
	if (s.stoppedBy === "interrupt") return 130;
	if (s.stoppedBy === "quota") return 3;
	return s.failed > 0 || s.parked > 0 ? 1 : 0;
}
