import { DEFAULT_NETWORK_RETRY_DELAYS_MS, decideItemRetry, type Ladder } from "../core/retry-policy.js";
import { DownloadError, InterruptedError, wordsOf } from "../errors.js";
import { Parked } from "./item-failure.js";
import type { RunContext } from "./run-context.js";

/** An item's attempts so far: retries count across the item (resolving and downloading). */
export interface Attempts {
	/** Every retry, on either ladder. */
	retries: number;
	/** The retries among them on the network ladder (the rest were on the seed's ladder). */
	networkRetries?: number;
	/**
	 * The retries spent on each ladder before the transfer last moved forward. A ladder counts the
	 * failures in a row that brought no new byte: a large file that keeps moving through drops and
	 * throttles is not given up on, while one that is stuck still is, after the ladder.
	 */
	spentBeforeProgress?: Readonly<Record<Ladder, number>>;
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
 * network ladder, rate limits, the slow rule and drops mid-body on the seed's. A ladder counts the
 * failures in a row without progress: when `progress` shows new bytes since the last failure, the
 * ladders start afresh (the wait is still the ladder's, so politeness holds). A retry's wait
 * pushes every lane's next request back (the pacer's back-off), and is reported as a `retry` event.
 * Once the outage breaker has tripped, an item about to retry is parked.
 */
export async function withRetries<T>(
	ctx: RunContext,
	index: number,
	name: string,
	state: Attempts,
	fn: () => Promise<T>,
	/** The bytes of the file there so far (a transfer's progress); absent: retries are never given back. */
	progress?: () => number,
): Promise<T> {
	const { settings, clock, signal } = ctx;
	const ladders = laddersOf(settings);
	let mark = progress?.() ?? 0;
	for (;;) {
		try {
			return await fn();
		} catch (e) {
			if (signal.aborted) throw new InterruptedError();
			if (!(e instanceof DownloadError)) throw e;
			const spent = { network: state.networkRetries ?? 0, seed: state.retries - (state.networkRetries ?? 0) };
			const reached = progress?.() ?? mark;
			if (reached > mark) {
				state.spentBeforeProgress = spent;
				mark = reached;
			}
			const before = state.spentBeforeProgress ?? { network: 0, seed: 0 };
			const inRow = { network: spent.network - before.network, seed: spent.seed - before.seed };
			const d = decideItemRetry(e, inRow, ladders);
			if (!d.retry) throw e;
			parkIfOutage(ctx);
			state.retries++;
			if (d.ladder === "network") state.networkRetries = spent.network + 1;
			ctx.pacer.backOff(d.delayMs);
			ctx.emit({
				type: "retry",
				index,
				name,
				retry: inRow[d.ladder] + 1,
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
