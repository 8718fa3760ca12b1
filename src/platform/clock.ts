import { setTimeout as delay } from "node:timers/promises";
import { InterruptedError } from "../errors.js";

/**
 * Time as a dependency: the one seam for reading the time and for waiting. Tests pass a virtual
 * clock (test/virtual-clock.ts); every wait can be aborted.
 */
export interface Clock {
	/** Epoch milliseconds. */
	now(): number;
	/** Wait `ms`; rejects with InterruptedError when `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
	/** Call `fn` every `ms` until the returned function is called (speed checks, progress ticks). */
	every(ms: number, fn: () => void): () => void;
}

/**
 * The longest wait one Node timer holds (2^31-1 ms, 24.8 days). A longer one is set to 1 ms (with a
 * warning), so a monthly schedule's next run came at once, again and again: longer waits are made
 * of several timers.
 */
export const LONGEST_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
	now: () => Date.now(),
	async sleep(ms, signal) {
		const end = Date.now() + ms;
		try {
			for (let left = ms; left > 0; left = end - Date.now()) {
				await delay(Math.min(left, LONGEST_TIMER_MS), undefined, signal ? { signal } : undefined);
			}
		} catch (e) {
			if ((e as Error).name === "AbortError") throw new InterruptedError();
			throw e;
		}
	},
	every(ms, fn) {
		// a period past what a timer holds would fire every millisecond; ticks that far apart are never due
		if (ms > LONGEST_TIMER_MS) return () => {};
		const timer = setInterval(fn, ms);
		return () => clearInterval(timer);
	},
};
