import { type FailureFacts, isNetworkFailure } from "./retry-policy.js";

/**
 * The outage circuit breaker as pure decisions. An item that failed (after its retries) because
 * Civitai could not be reached or answered 5xx (or 429 all along) counts towards an outage; a success or any other
 * failure starts the count again. After `threshold` such items in a row the run stops starting
 * downloads and parks the rest (a threshold of 0 never trips).
 */

/**
 * An item's end, as the breaker counts it. Skipped and parked items do not count either way, and
 * neither does `known_broken`: an outage-like failure of an item that failed in a recent run too,
 * although Civitai's API answered for it in this one (these few files are broken, Civitai is not down).
 */
export type ItemEnd = "succeeded" | "outage_failure" | "other_failure" | "known_broken";

/**
 * How an item's failure counts: an outage-like failure of an item that failed in a recent run too
 * (`failedBefore`), once the API has answered for it in this run (`resolved`: it got as far as its
 * download), is one of a few broken files; without that answer it still says Civitai may be down.
 */
export function itemEnd(outageLike: boolean, item: { failedBefore: boolean; resolved: boolean }): ItemEnd {
	if (!outageLike) return "other_failure";
	return item.failedBefore && item.resolved ? "known_broken" : "outage_failure";
}

/**
 * Whether an item's final failure says Civitai looks down: a network failure before the first byte,
 * any 5xx, or a 429 through the item's whole ladder (Civitai turning every request away: without
 * this, a 429 storm cost every item its whole ladder, and a 500-item night took days to end).
 */
export function isOutageFailure(f: FailureFacts): boolean {
	if (f.kind === "rate_limited" && f.status === 429) return true;
	return isNetworkFailure(f) || (f.status !== undefined && f.status >= 500 && f.status <= 599);
}

/** `rate_limit_settings.outage_after_failures` by default. */
export const DEFAULT_OUTAGE_AFTER_FAILURES = 3;

export interface BreakerState {
	/** Items in a row that failed for outage reasons. */
	consecutive: number;
	tripped: boolean;
}

export const CLOSED_BREAKER: BreakerState = { consecutive: 0, tripped: false };

/** The breaker after one more item ended. Once tripped it stays tripped. */
export function nextBreaker(s: BreakerState, end: ItemEnd, threshold: number): BreakerState {
	if (s.tripped || end === "known_broken") return s;
	const consecutive = end === "outage_failure" ? s.consecutive + 1 : 0;
	return { consecutive, tripped: threshold > 0 && consecutive >= threshold };
}
