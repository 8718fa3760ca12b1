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

export const systemClock: Clock = {
	now: () => Date.now(),
	async sleep(ms, signal) {
		if (ms <= 0) return;
		try {
			await delay(ms, undefined, signal ? { signal } : undefined);
		} catch (e) {
			if ((e as Error).name === "AbortError") throw new InterruptedError();
			throw e;
		}
	},
	every(ms, fn) {
		const timer = setInterval(fn, ms);
		return () => clearInterval(timer);
	},
};
