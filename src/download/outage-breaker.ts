import { DEFAULT_OUTAGE_AFTER_FAILURES, type ItemEnd, isOutageFailure, itemEnd, nextBreaker } from "../core/outage.js";
import { DownloadError } from "../errors.js";
import type { RunContext } from "./run-context.js";

/**
 * An item's failure as the outage breaker counts it: `failedBefore` (it failed in a recent run too)
 * and `resolved` (the API answered for it in this run) tell a broken file from Civitai being down.
 */
export function itemEndOf(e: unknown, item: { failedBefore?: boolean | undefined; resolved: boolean }): ItemEnd {
	const outageLike = e instanceof DownloadError && isOutageFailure(e);
	return itemEnd(outageLike, { failedBefore: item.failedBefore === true, resolved: item.resolved });
}

/**
 * Count an item's end on the run's outage breaker (the pure `nextBreaker`); when it trips, the run
 * is stopped by the outage (unless something else stopped it first) and the executor parks the rest.
 */
export function noteItemEnd(ctx: RunContext, end: ItemEnd): void {
	ctx.breaker = nextBreaker(ctx.breaker, end, ctx.opts.settings.outageAfterFailures ?? DEFAULT_OUTAGE_AFTER_FAILURES);
	if (ctx.breaker.tripped) ctx.stop("outage");
}
