import { decideRetry } from "../core/retry-policy.js";
import { DownloadError, InterruptedError } from "../errors.js";
import type { Clock } from "../platform/clock.js";

export interface LookupRetry {
	clock: Clock;
	signal?: AbortSignal | undefined;
	/** The ladder (`rate_limit_settings.retry_delays`). */
	retryDelaysMs: readonly number[];
	/** Told before each wait: the retry's number (1-based), its delay and the failure. */
	onRetry?: (retry: number, delayMs: number, error: DownloadError) => void;
}

/**
 * A metadata request (import's by-hash lookups, outdated's model lists) retried on the ladder, on the
 * clock: 429, 503 and network failures wait and try again (`decideRetry`); any other typed failure, or
 * one past the ladder, is thrown as it is; an abort ends the wait at once.
 */
export async function retryLookup<T>(fn: () => Promise<T>, o: LookupRetry): Promise<T> {
	for (let retries = 0; ; ) {
		try {
			return await fn();
		} catch (e) {
			if (o.signal?.aborted) throw new InterruptedError();
			if (!(e instanceof DownloadError)) throw e;
			const d = decideRetry(e, retries, o.retryDelaysMs);
			if (!d.retry) throw e;
			retries++;
			o.onRetry?.(retries, d.delayMs, e);
			await o.clock.sleep(d.delayMs, o.signal);
		}
	}
}
