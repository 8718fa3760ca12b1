import type { Dispatcher } from "undici";
import { type Sites, siteAt } from "../core/sites.js";
import type { Clock } from "../platform/clock.js";

/** The pause between two lookups (metadata lists, by-hash, sidecar repairs) by default: 1 s. */
export const LOOKUP_PAUSE_MS = 1000;

export interface Pacing {
	/** Between download requests, and after each completed download (`sleep_between_downloads`). */
	sleepMs: number;
	/** Between two lookups (default `LOOKUP_PAUSE_MS`). */
	lookupPauseMs?: number | undefined;
}

/**
 * The one owner of pacing and back-off, shared by every lane. Download requests get slots: the
 * first request of a run goes at once; each later one waits until `sleepMs` after the previous
 * request and after the last completed download, so Civitai sees at most one download request per
 * `sleepMs` whatever the concurrency (lanes overlap transfers, not requests). Lookups (lists,
 * by-hash, sidecar repairs) get their own slots, `lookupPauseMs` apart. A back-off (a 429 on any
 * lane) pushes every lane's next request to Civitai back, metadata and download alike.
 */
export class Pacer {
	/** When the last download request left, and when the last download completed. */
	private lastRequestAt: number | undefined;
	private lastCompletedAt: number | undefined;
	/** When the last lookup left. */
	private lastLookupAt: number | undefined;
	private pausedUntil = 0;
	private readonly sleepMs: number;
	private readonly lookupPauseMs: number;

	constructor(
		private readonly clock: Clock,
		pacing: Pacing,
		private readonly signal: AbortSignal,
		/** Told about each pacing wait of a download request (the `wait` event). */
		private readonly onWait: (delayMs: number) => void = () => {},
	) {
		this.sleepMs = pacing.sleepMs;
		this.lookupPauseMs = pacing.lookupPauseMs ?? LOOKUP_PAUSE_MS;
	}

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

	/** Wait for a lookup slot (`lookupPauseMs` after the previous lookup, and the back-off) and take it. */
	async lookupSlot(): Promise<void> {
		for (;;) {
			await this.polite();
			const wait = this.lastLookupAt === undefined ? 0 : this.lastLookupAt + this.lookupPauseMs - this.clock.now();
			if (wait <= 0) {
				this.lastLookupAt = this.clock.now();
				return;
			}
			await this.clock.sleep(wait, this.signal);
		}
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

/** A download request: `/api/download/...` on one of the run's Civitai sites (what the pacing counts). */
export function isDownloadRequest(opts: Pick<Dispatcher.DispatchOptions, "origin" | "path">, sites: Sites): boolean {
	return opts.origin !== undefined && siteAt(sites, String(opts.origin)) !== undefined && opts.path.startsWith("/api/download/");
}

/**
 * An undici interceptor that sends each download request only once the pacer gives it a slot,
 * at the moment the slot is taken: whoever makes the request (a retry, a fresh signed URL for a
 * segmented file), Civitai sees at most one per `sleepMs`. Other requests pass untouched.
 */
export function pacedDownloads(pacer: Pacer, sites: Sites): Dispatcher.DispatcherComposeInterceptor {
	return (dispatch) => (opts, handler) => {
		if (!isDownloadRequest(opts, sites)) return dispatch(opts, handler);
		pacer.slot().then(
			() => dispatch(opts, handler),
			(e: Error) => handler.onResponseError?.(undefined as never, e),
		);
		return true;
	};
}
