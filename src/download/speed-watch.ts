import { SlowDetector } from "../core/slow-detector.js";
import { DownloadError } from "../errors.js";
import { msg } from "../i18n/msg.js";
import type { Clock } from "../platform/clock.js";

export interface SpeedWatch {
	slowWindowMs: number;
	speedThresholdBps: number;
	/** Bytes received so far in this attempt. */
	received: () => number;
	/** About 4 times a second, with the speed over the window. */
	onTick: (bytesPerSecond: number) => void;
	/** Once, when the speed stayed below the threshold for a whole window. */
	onSlow: (error: DownloadError) => void;
}

/**
 * Progress reports for the live bars and the slow-speed rule on one clock tick, shared by the
 * single and the segmented transfer. Returns the function that stops it.
 */
export function watchSpeed(clock: Clock, w: SpeedWatch): () => void {
	const detector = new SlowDetector(w.slowWindowMs, w.speedThresholdBps, clock.now());
	const tickMs = Math.min(250, Math.max(50, Math.floor(w.slowWindowMs / 10)));
	let slow = false;
	const stop = clock.every(tickMs, () => {
		const now = clock.now();
		const received = w.received();
		if (!slow && detector.isSlow(now, received)) {
			slow = true;
			const rateKiB = (detector.rate(now, received) / 1024).toFixed(1);
			const seconds = w.slowWindowMs / 1000;
			w.onSlow(new DownloadError("slow", msg("errSlow", { thresholdKiB: w.speedThresholdBps / 1024, seconds, rateKiB })));
			return;
		}
		w.onTick(detector.rate(now, received));
	});
	return stop;
}
