import { AsyncLocalStorage } from "node:async_hooks";
import { API_DEADLINE_MS, CivitaiClient } from "../civitai/client.js";
import type { Ladders } from "../core/retry-policy.js";
import { DEFAULT_NETWORK_RETRY_DELAYS_MS } from "../core/retry-policy.js";
import { type Site, type Sites, sitesOf } from "../core/sites.js";
import type { HttpContext } from "../platform/http.js";
import { Pacer, pacedDownloads } from "./pacer.js";
import { type Attempts, type RetryNotice, type RetryPlan, retrying } from "./retry.js";

/** What the gateway reads of the settings: the sites, the key, the pacing and the ladders. */
export interface RequestSettings {
	baseUrl: string;
	redBaseUrl?: string | null | undefined;
	apiKey: string;
	sleepMs: number;
	/** The pause between two lookups (default 1 s). */
	lookupPauseMs?: number | undefined;
	retryDelaysMs: readonly number[];
	networkRetryDelaysMs?: readonly number[] | undefined;
}

export interface RequestsInit {
	http: HttpContext;
	settings: RequestSettings;
	signal?: AbortSignal | undefined;
	/** Told about each pacing wait of a download request (the run's `wait` event), with the item it is for when known. */
	onPacingWait?: (delayMs: number, item: PacedItem | undefined) => void;
	/** The longest one metadata answer may take (default 60 s; `doctor` asks for less). */
	apiDeadlineMs?: number;
}

/** The item a download request is for: its pacing waits are reported as that item's (issue 27, point 6). */
export interface PacedItem {
	index: number;
	name: string;
}

/** Options of one retried request. */
export interface RetryOptions {
	/** Kept across calls: an item's resolving and downloading share its attempts. */
	attempts?: Attempts;
	/** The bytes there so far: new bytes give the ladders back. */
	progress?: () => number;
	/** How many new bytes count as progress (see `progressStep` in core/retry-policy.ts). */
	progressStep?: number;
	/** Before each wait (then the shared back-off is set): events, parking (it may throw: no wait, no back-off). */
	beforeWait?: (notice: RetryNotice) => void | Promise<void>;
	/** After each wait, before the next try. */
	afterWait?: () => void;
}

/**
 * The one way out to Civitai. It owns the sites (which origins are Civitai's and may receive the key),
 * the metadata client of each site, the pacer with its shared back-off, and the one retry executor.
 * Resolving, transfers, batch and repair lookups, `import`, `outdated`, `update` and `doctor` go
 * through it; every retry backs every lane off; every wait ends at once on an abort. One per run.
 */
export class Requests {
	readonly sites: Sites;
	readonly pacer: Pacer;
	/** The HTTP context whose download requests to Civitai wait for the pacer's slots. */
	readonly http: HttpContext;
	readonly ladders: Ladders;
	readonly apiKey: string;
	readonly signal: AbortSignal;
	private readonly clients = new Map<string, CivitaiClient>();
	/** Whose requests are being made: the pacer's waits name the item (lanes wait side by side). */
	private readonly item = new AsyncLocalStorage<PacedItem>();
	private readonly apiDeadlineMs: number;

	constructor(init: RequestsInit) {
		const { http, settings } = init;
		this.signal = init.signal ?? new AbortController().signal;
		this.sites = sitesOf(settings);
		this.apiKey = settings.apiKey;
		this.ladders = { seedMs: settings.retryDelaysMs, networkMs: settings.networkRetryDelaysMs ?? DEFAULT_NETWORK_RETRY_DELAYS_MS };
		this.pacer = new Pacer(http.clock, { sleepMs: settings.sleepMs, lookupPauseMs: settings.lookupPauseMs }, this.signal, (delayMs) =>
			init.onPacingWait?.(delayMs, this.item.getStore()),
		);
		this.http = { ...http, dispatcher: http.dispatcher.compose(pacedDownloads(this.pacer, this.sites)) };
		this.apiDeadlineMs = init.apiDeadlineMs ?? API_DEADLINE_MS;
	}

	get clock() {
		return this.http.clock;
	}

	/** Run `fn` for an item: the pacing waits of the download requests it makes are reported as that item's. */
	for<T>(item: PacedItem, fn: () => Promise<T>): Promise<T> {
		return this.item.run(item, fn);
	}

	/** The metadata client of a site (base by default): the key goes to that site only. */
	client(site: Site = this.sites.base): CivitaiClient {
		let c = this.clients.get(site.origin);
		if (!c) {
			c = new CivitaiClient(site.baseUrl, this.apiKey, this.http, undefined, this.apiDeadlineMs);
			this.clients.set(site.origin, c);
		}
		return c;
	}

	/** `fn` on the run's ladders: each retry pushes every lane's next request back by its wait. */
	retry<T>(fn: () => Promise<T>, o: RetryOptions = {}): Promise<T> {
		const plan: RetryPlan = {
			clock: this.clock,
			signal: this.signal,
			ladders: this.ladders,
			beforeWait: async (n) => {
				await o.beforeWait?.(n);
				this.pacer.backOff(n.delayMs);
			},
			...(o.attempts ? { attempts: o.attempts } : {}),
			...(o.progress ? { progress: o.progress } : {}),
			...(o.progressStep !== undefined ? { progressStep: o.progressStep } : {}),
			...(o.afterWait ? { afterWait: o.afterWait } : {}),
		};
		return retrying(fn, plan);
	}

	/** A request for an item (resolving it): after the shared back-off, retried on the ladders. */
	ask<T>(fn: () => Promise<T>, o: RetryOptions = {}): Promise<T> {
		return this.retry(async () => {
			await this.pacer.polite();
			return fn();
		}, o);
	}

	/** A lookup (a model list, a by-hash batch): in a lookup slot, retried on the ladders. */
	lookup<T>(fn: () => Promise<T>, o: RetryOptions = {}): Promise<T> {
		return this.retry(async () => {
			await this.pacer.lookupSlot();
			return fn();
		}, o);
	}

	/** A lookup asked once (a sidecar repair): in a lookup slot, never retried. */
	async lookupOnce<T>(fn: () => Promise<T>): Promise<T> {
		await this.pacer.lookupSlot();
		return fn();
	}
}
