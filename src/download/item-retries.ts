import { wordsOf } from "../errors.js";
import type { RetryOptions } from "../requests/requests.js";
import type { Attempts } from "../requests/retry.js";
import { Parked } from "./item-failure.js";
import type { RunContext } from "./run-context.js";

export type { Attempts } from "../requests/retry.js";

/** The outage breaker has stopped the run: an item waiting to retry is parked instead. */
function parkIfOutage(ctx: RunContext): void {
	if (ctx.summary.stoppedBy === "outage") throw new Parked();
}

/**
 * How an item's requests are retried (by the gateway's one executor): each retry is reported as a
 * `retry` event; once the outage breaker has tripped, an item about to retry, or done waiting, is parked.
 */
export function itemRetries(
	ctx: RunContext,
	index: number,
	name: string,
	attempts: Attempts,
	progress?: { reached: () => number; step: number },
): RetryOptions {
	return {
		attempts,
		...(progress ? { progress: progress.reached, progressStep: progress.step } : {}),
		beforeWait: (n) => {
			parkIfOutage(ctx);
			ctx.emit({
				type: "retry",
				index,
				name,
				retry: n.retry,
				maxRetries: n.max,
				delayMs: n.delayMs,
				kind: n.error.kind,
				reason: wordsOf(n.error, ctx.m),
			});
		},
		afterWait: () => parkIfOutage(ctx),
	};
}
