import { decideItemRetry, type Ladder, type Ladders, type RetryDecision } from "../core/retry-policy.js";
import { DownloadError, InterruptedError } from "../errors.js";
import type { Clock } from "../platform/clock.js";

/**
 * The one retry executor. Every request that is retried (a download, a metadata lookup, a segment's
 * dropped connection, a webhook) goes through `retrying`: the decision is a pure function of the
 * failure and the retries spent (`core/retry-policy.ts`), the wait is on the clock and ends at once
 * on an abort. Only typed failures (`DownloadError`) are retried; anything else is thrown as it is.
 */

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

/** One retry about to wait: its number on its ladder (in a row), the most there can be, and the failure. */
export interface RetryNotice {
	retry: number;
	max: number;
	ladder: Ladder;
	delayMs: number;
	error: DownloadError;
}

/** How one failure is retried: `decideItemRetry` by default; webhooks and segments bring their own. */
export type RetryDecider = (
	f: DownloadError,
	inRow: Readonly<Record<Ladder, number>>,
	ladders: Ladders,
) => RetryDecision & { ladder: Ladder };

export interface RetryPlan {
	clock: Clock;
	signal?: AbortSignal | undefined;
	ladders: Ladders;
	/** Kept across calls (an item's resolving and downloading share it); default: this call's own. */
	attempts?: Attempts;
	/** The bytes there so far (a transfer's progress): new bytes since the last failure give the ladders back. */
	progress?: () => number;
	/** How many new bytes count as progress (default 1; a transfer's is `progressStep` of its size). */
	progressStep?: number;
	decide?: RetryDecider;
	/** Before each wait (events, the shared back-off, parking: it may throw to stop retrying). */
	beforeWait?: (notice: RetryNotice) => void | Promise<void>;
	/** After each wait, before the next try (it may throw, e.g. when the run was stopped meanwhile). */
	afterWait?: () => void;
}

/** The most retries a ladder allows. */
function ladderLength(ladders: Ladders, ladder: Ladder): number {
	return (ladder === "network" ? ladders.networkMs : ladders.seedMs).length;
}

/**
 * Run `fn`, retrying each typed failure on its ladder. A ladder counts the failures in a row without
 * progress: when `progress` shows at least `progressStep` new bytes since the ladders were last given
 * back, they start afresh (the wait is still the ladder's, so politeness holds).
 */
export async function retrying<T>(fn: () => Promise<T>, plan: RetryPlan): Promise<T> {
	const state = plan.attempts ?? { retries: 0 };
	const decide = plan.decide ?? decideItemRetry;
	let mark = plan.progress?.() ?? 0;
	for (;;) {
		try {
			return await fn();
		} catch (e) {
			if (plan.signal?.aborted) throw new InterruptedError();
			if (!(e instanceof DownloadError)) throw e;
			const spent = { network: state.networkRetries ?? 0, seed: state.retries - (state.networkRetries ?? 0) };
			const reached = plan.progress?.() ?? mark;
			if (reached - mark >= Math.max(1, plan.progressStep ?? 1)) {
				state.spentBeforeProgress = spent;
				mark = reached;
			}
			const before = state.spentBeforeProgress ?? { network: 0, seed: 0 };
			const inRow = { network: spent.network - before.network, seed: spent.seed - before.seed };
			const d = decide(e, inRow, plan.ladders);
			if (!d.retry) throw e;
			await plan.beforeWait?.({
				retry: inRow[d.ladder] + 1,
				max: ladderLength(plan.ladders, d.ladder),
				ladder: d.ladder,
				delayMs: d.delayMs,
				error: e,
			});
			state.retries++;
			if (d.ladder === "network") state.networkRetries = spent.network + 1;
			await plan.clock.sleep(d.delayMs, plan.signal);
			plan.afterWait?.();
		}
	}
}

/** One ladder for every retryable failure (webhooks, a segment's drops): `decide` on `seedMs`'s place. */
export function oneLadder(decide: (f: DownloadError, retriesSoFar: number, delaysMs: readonly number[]) => RetryDecision): RetryDecider {
	return (f, inRow, ladders) => ({ ...decide(f, inRow.seed, ladders.seedMs), ladder: "seed" });
}
