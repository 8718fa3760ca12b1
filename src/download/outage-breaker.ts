import { DEFAULT_OUTAGE_AFTER_FAILURES, type ItemEnd, isOutageFailure, nextBreaker } from "../core/outage.js";
import { DownloadError } from "../errors.js";
import type { RunContext } from "./run-context.js";

/** An item's failure as the outage breaker counts it. */
export function itemEndOf(e: unknown): ItemEnd {
	return e instanceof DownloadError && isOutageFailure(e) ? "outage_failure" : "other_failure";
}

/**
 * Count an item's end on the run's outage breaker (the pure `nextBreaker`); when it trips, the run
 * is stopped by the outage (unless something else stopped it first) and the executor parks the rest.
 */
export function noteItemEnd(ctx: RunContext, end: ItemEnd): void {
	ctx.breaker = nextBreaker(ctx.breaker, end, ctx.opts.settings.outageAfterFailures ?? DEFAULT_OUTAGE_AFTER_FAILURES);
	if (ctx.breaker.tripped) ctx.stop("outage");
}
