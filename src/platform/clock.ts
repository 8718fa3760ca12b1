import { setTimeout as delay } from "node:timers/promises";
import { InterruptedError } from "../errors.js";

/** Time as a dependency: tests pass a fake; every wait can be aborted. */
export interface Clock {
	now(): number;
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
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
};
