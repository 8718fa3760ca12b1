import type { Clock } from "./clock.js";

export interface Deadline {
	/** Aborts when the time is up or when the outer signal aborts. */
	signal: AbortSignal;
	/** Whether it was the time that ran out (not the outer signal). */
	expired(): boolean;
	/** Done: stop the timer and let go of the outer signal. */
	stop(): void;
}

/**
 * A deadline of `ms` on the clock for one request (headers and body together), joined with an
 * outer abort. Measured with `clock.every`, not `sleep`: a virtual clock in tests jumps to pending
 * sleeps while real I/O runs, and would end the request at once.
 */
export function deadline(clock: Clock, ms: number, outer?: AbortSignal): Deadline {
	const ac = new AbortController();
	let late = false;
	const forward = () => ac.abort(outer?.reason);
	if (outer?.aborted) forward();
	outer?.addEventListener("abort", forward, { once: true });
	const stopTimer = clock.every(ms, () => {
		late = true;
		ac.abort();
	});
	return {
		signal: ac.signal,
		expired: () => late,
		stop() {
			stopTimer();
			outer?.removeEventListener("abort", forward);
		},
	};
}
