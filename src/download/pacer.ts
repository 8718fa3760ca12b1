import type { Dispatcher } from "undici";
import type { Clock } from "../platform/clock.js";

/**
 * The one owner of pacing and back-off, shared by every lane. Download requests get slots: the
 * first request of a run goes at once; each later one waits until `sleepMs` after the previous
 * request and after the last completed download, so Civitai sees at most one download request per
 * `sleepMs` whatever the concurrency (lanes overlap transfers, not requests). A back-off (a 429 on
 * any lane) pushes every lane's next request to Civitai back, metadata and download alike.
 */
export class Pacer {
	/** When the last download request left, and when the last download completed. */
	private lastRequestAt: number | undefined;
	private lastCompletedAt: number | undefined;
	private pausedUntil = 0;

	constructor(
		private readonly clock: Clock,
		private readonly sleepMs: number,
		private readonly signal: AbortSignal,
		/** Told about each pacing wait (the `wait` event). */
		private readonly onWait: (delayMs: number) => void = () => {},
	) {}

	/** No lane asks Civitai anything before `now + ms`. */
	backOff(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
	}

	/** Wait out the shared back-off (before any request to Civitai). */
	async polite(): Promise<void> {
		for (let wait = this.pausedUntil - this.clock.now(); wait > 0; wait = this.pausedUntil - this.clock.now()) {
			await this.clock.sleep(wait, this.signal);
		}
	}

	/** A download finished: the next request waits `sleepMs` from now. */
	completed(): void {
		this.lastCompletedAt = this.clock.now();
	}

	/** How long the next download request must still wait (0: it may go now). */
	private paceWait(): number {
		const since = [this.lastRequestAt, this.lastCompletedAt].filter((t): t is number => t !== undefined);
		// mutation testing: this line → false is an equivalent mutant (Math.max() is -Infinity, and any wait <= 0 goes now)
		if (since.length === 0) return 0;
		return Math.max(...since) + this.sleepMs - this.clock.now();
	}

	/** Wait for a download request slot and take it. */
	async slot(): Promise<void> {
		for (;;) {
			await this.polite();
			const wait = this.paceWait();
			if (wait <= 0) {
				this.lastRequestAt = this.clock.now();
				return;
			}
			this.onWait(wait);
			await this.clock.sleep(wait, this.signal);
		}
	}
}

/** A download request: `/api/download/...` on the Civitai origin (what the pacing counts). */
function isDownloadRequest(opts: Dispatcher.DispatchOptions, civitaiOrigin: string): boolean {
	// Stryker disable next-line StringLiteral: "Stryker was here!" is no origin either
	const origin = opts.origin === undefined ? "" : new URL(String(opts.origin)).origin;
	return origin === civitaiOrigin && opts.path.startsWith("/api/download/");
}

/**
 * An undici interceptor that sends each download request only once the pacer gives it a slot,
 * at the moment the slot is taken: whoever makes the request (a retry, a fresh signed URL for a
 * segmented file), Civitai sees at most one per `sleepMs`. Other requests pass untouched.
 */
export function pacedDownloads(pacer: Pacer, civitaiOrigin: string): Dispatcher.DispatcherComposeInterceptor {
	return (dispatch) => (opts, handler) => {
		if (!isDownloadRequest(opts, civitaiOrigin)) return dispatch(opts, handler);
		pacer.slot().then(
			() => dispatch(opts, handler),
			(e: Error) => handler.onResponseError?.(undefined as never, e),
		);
		return true;
	};
}
