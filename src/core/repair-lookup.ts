import { isOutageFailure } from "./outage.js";
import { decideRetry, type FailureFacts, MAX_RETRY_AFTER_MS } from "./retry-policy.js";

/**
 * What a failed sidecar-repair lookup means for the rest of the run, as a pure decision. A repair
 * lookup is asked once (a skipped file never waits on a retry ladder for its sidecars). A failure
 * that would hit every other lookup too (Civitai unreachable or down, rate limited, the quota,
 * a region block, a refused key) pauses the repairs that need the API for the rest of the run;
 * any other failure (the version taken down) concerns that file alone. A rate limit still backs
 * the run off as long as `decideRetry` would wait before a first retry: the longer of the
 * Retry-After and the seed's first delay.
 */
export interface RepairLookupVerdict {
	/** No more repair lookups in this run. */
	pause: boolean;
	/** Push every lane's next request to Civitai back by this much (0: no back-off). */
	backOffMs: number;
}

const REPEATING_KINDS: ReadonlySet<FailureFacts["kind"]> = new Set<FailureFacts["kind"]>([
	"network",
	"outage",
	"quota",
	"rate_limited",
	"region",
]);

/** Whether the same lookup for any other file would fail the same way now. */
export function repeatsForEveryLookup(f: FailureFacts): boolean {
	return REPEATING_KINDS.has(f.kind) || (f.kind === "auth" && f.status === 401) || isOutageFailure(f);
}

export function afterRepairLookupFailure(f: FailureFacts, seedDelaysMs: readonly number[]): RepairLookupVerdict {
	return { pause: repeatsForEveryLookup(f), backOffMs: f.kind === "rate_limited" ? rateLimitBackOff(f, seedDelaysMs) : 0 };
}

/**
 * `decideRetry`'s wait before a first retry. Where it would not retry, still the longer of the two
 * it weighs: an empty ladder leaves the Retry-After, and a Retry-After past the cap (not waited out)
 * leaves the seed's first delay.
 */
function rateLimitBackOff(f: FailureFacts, seedDelaysMs: readonly number[]): number {
	const d = decideRetry(f, 0, seedDelaysMs);
	if (d.retry) return d.delayMs;
	const retryAfter = f.retryAfterMs !== undefined && f.retryAfterMs <= MAX_RETRY_AFTER_MS ? f.retryAfterMs : 0;
	return Math.max(seedDelaysMs[0] ?? 0, retryAfter);
}
