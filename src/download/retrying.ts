import { DEFAULT_NETWORK_RETRY_DELAYS_MS, decideItemRetry } from "../core/retry-policy.js";
import { DownloadError, InterruptedError, wordsOf } from "../errors.js";
import { Parked } from "./item-failure.js";
import type { RunContext } from "./run-context.js";

/** An item's attempts so far: retries count across the item (resolving and downloading). */
export interface Attempts {
	/** Every retry, on either ladder. */
	retries: number;
	/** The retries among them on the network ladder (the rest were on the seed's ladder). */
	networkRetries?: number;
}

/** The run's two ladders: the seed's `retry_delays` and `network_retry_delays`. */
export function laddersOf(settings: RunContext["settings"]) {
	return { seedMs: settings.retryDelaysMs, networkMs: settings.networkRetryDelaysMs ?? DEFAULT_NETWORK_RETRY_DELAYS_MS };
}

/** The outage breaker has stopped the run: an item waiting to retry is parked instead. */
function parkIfOutage(ctx: RunContext): void {
	if (ctx.summary.stoppedBy === "outage") throw new Parked();
}

/**
 * Run `fn`, retrying on the failure's ladder (the pure `decideItemRetry`): network failures on the
 * network ladder, rate limits, the slow rule and drops mid-body on the seed's. A retry's wait
 * pushes every lane's next request back (the pacer's back-off), and is reported as a `retry` event.
 * Once the outage breaker has tripped, an item about to retry is parked.
 */
export async function withRetries<T>(ctx: RunContext, index: number, name: string, state: Attempts, fn: () => Promise<T>): Promise<T> {
	const { settings, clock, signal } = ctx;
	const ladders = laddersOf(settings);
	for (;;) {
		try {
			return await fn();
		} catch (e) {
			if (signal.aborted) throw new InterruptedError();
			if (!(e instanceof DownloadError)) throw e;
			const network = state.networkRetries ?? 0;
			const d = decideItemRetry(e, { network, seed: state.retries - network }, ladders);
			if (!d.retry) throw e;
			parkIfOutage(ctx);
			state.retries++;
			if (d.ladder === "network") state.networkRetries = network + 1;
			ctx.pacer.backOff(d.delayMs);
			ctx.emit({
				type: "retry",
				index,
				name,
				retry: d.ladder === "network" ? network + 1 : state.retries - network,
				maxRetries: (d.ladder === "network" ? ladders.networkMs : ladders.seedMs).length,
				delayMs: d.delayMs,
				kind: e.kind,
				reason: wordsOf(e, ctx.m),
			});
			await clock.sleep(d.delayMs, signal);
			parkIfOutage(ctx);
		}
	}
}
