import { DEFAULT_NETWORK_RETRY_DELAYS_MS, decideItemRetry, type Ladder } from "../core/retry-policy.js";
import { DownloadError, InterruptedError } from "../errors.js";
import type { Clock } from "../platform/clock.js";

/** One retry about to wait: its number on its ladder, the most there can be, and the failure. */
export interface LookupRetryNotice {
	retry: number;
	max: number;
	ladder: Ladder;
	delayMs: number;
	error: DownloadError;
}

export interface LookupRetry {
	clock: Clock;
	signal?: AbortSignal | undefined;
	/** The seed's ladder for 429 and 503 (`rate_limit_settings.retry_delays`). */
	retryDelaysMs: readonly number[];
	/** The ladder for network failures (`rate_limit_settings.network_retry_delays`; default 10/30/90 s). */
	networkRetryDelaysMs?: readonly number[] | undefined;
	/** Told before each wait. */
	onRetry?: (notice: LookupRetryNotice) => void;
}

/**
 * A metadata request (import's by-hash lookups, outdated's model lists) retried as a download is
 * (`decideItemRetry`), on the clock: a 429 or 503 waits on the seed's ladder, a network failure (no
 * answer, 502, 504, 520-530) on the network one, each counted on its own; any other typed failure, or
 * one past its ladder, is thrown as it is; an abort ends the wait at once.
 */
export async function retryLookup<T>(fn: () => Promise<T>, o: LookupRetry): Promise<T> {
	const ladders = { seedMs: o.retryDelaysMs, networkMs: o.networkRetryDelaysMs ?? DEFAULT_NETWORK_RETRY_DELAYS_MS };
	const spent: Record<Ladder, number> = { seed: 0, network: 0 };
	for (;;) {
		try {
			return await fn();
		} catch (e) {
			if (o.signal?.aborted) throw new InterruptedError();
			if (!(e instanceof DownloadError)) throw e;
			const d = decideItemRetry(e, spent, ladders);
			if (!d.retry) throw e;
			spent[d.ladder]++;
			const max = (d.ladder === "network" ? ladders.networkMs : ladders.seedMs).length;
			o.onRetry?.({ retry: spent[d.ladder], max, ladder: d.ladder, delayMs: d.delayMs, error: e });
			await o.clock.sleep(d.delayMs, o.signal);
		}
	}
}

/**
 * The pause between the metadata lookups of one task (outdated's model lists, import's by-hash
 * requests, get's listings and image lookups): each call waits until `pauseMs` after the previous
 * call went, on the clock, then takes its turn. The first call goes at once. One per task: every
 * request of the task awaits it before it leaves (inside `retryLookup`, a retry's own wait already
 * covers it).
 */
export function lookupPace(clock: Clock, pauseMs: number, signal?: AbortSignal): () => Promise<void> {
	let lastAt: number | undefined;
	return async () => {
		const wait = lastAt === undefined ? 0 : lastAt + pauseMs - clock.now();
		if (wait > 0) await clock.sleep(wait, signal);
		lastAt = clock.now();
	};
}
