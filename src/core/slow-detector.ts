/**
 * Detects a throttled download: the bytes received over the last `windowMs` stay below
 * `thresholdBytesPerSecond`. A moving window (not the average since the start), fed by a timer so a
 * total stall with no chunks at all is caught. Pure: the caller supplies the time.
 */
export class SlowDetector {
	private readonly samples: { t: number; bytes: number }[] = [];

	constructor(
		private readonly windowMs: number,
		private readonly thresholdBytesPerSecond: number,
		private readonly startedAt: number,
	) {
		this.samples.push({ t: startedAt, bytes: 0 });
	}

	/** Record the running total of bytes received at time `now`. */
	record(now: number, totalBytes: number): void {
		this.samples.push({ t: now, bytes: totalBytes });
		// keep one sample at or before the window start
		while (this.samples.length > 2 && this.samples[1]!.t <= now - this.windowMs) this.samples.shift();
	}

	/** True once a whole window has passed and its average speed is below the threshold. */
	isSlow(now: number, totalBytes: number): boolean {
		if (this.thresholdBytesPerSecond <= 0 || this.windowMs <= 0) return false;
		if (now - this.startedAt < this.windowMs) return false;
		this.record(now, totalBytes);
		const first = this.samples[0]!;
		const span = Math.max(now - first.t, this.windowMs);
		const rate = ((totalBytes - first.bytes) * 1000) / span;
		return rate < this.thresholdBytesPerSecond;
	}

	/** Bytes per second over the window (for display). */
	rate(now: number, totalBytes: number): number {
		const first = this.samples[0]!;
		const span = now - first.t;
		return span > 0 ? ((totalBytes - first.bytes) * 1000) / span : 0;
	}
}
