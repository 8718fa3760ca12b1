import { decideRetry } from "../core/retry-policy.js";
import { DownloadError, InterruptedError, wordsOf } from "../errors.js";
import type { RunContext } from "./run-context.js";

/** An item's attempts so far: retries count across the item (resolving and downloading). */
export interface Attempts {
	retries: number;
}

/**
 * Run `fn`, retrying rate-limited failures on the ladder (the pure `decideRetry`). A retry's wait
 * pushes every lane's next request back (the pacer's back-off), and is reported as a `retry` event.
 */
export async function withRetries<T>(ctx: RunContext, index: number, name: string, state: Attempts, fn: () => Promise<T>): Promise<T> {
	const { settings, clock, signal } = ctx;
	for (;;) {
		try {
			return await fn();
		} catch (e) {
			if (signal.aborted) throw new InterruptedError();
			if (!(e instanceof DownloadError)) throw e;
			const d = decideRetry(e, state.retries, settings.retryDelaysMs);
			if (!d.retry) throw e;
			state.retries++;
			ctx.pacer.backOff(d.delayMs);
			ctx.emit({
				type: "retry",
				index,
				name,
				retry: state.retries,
				maxRetries: settings.retryDelaysMs.length,
				delayMs: d.delayMs,
				kind: e.kind,
				reason: wordsOf(e, ctx.m),
			});
			await clock.sleep(d.delayMs, signal);
		}
	}
}
