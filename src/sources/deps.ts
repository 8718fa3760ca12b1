import type { Site } from "../civitai/resolve.js";
import { retryLookup } from "../civitai/retry-lookup.js";
import type { LibraryIndex } from "../core/image-resources.js";
import type { ListFilters } from "../core/listing.js";
import { wordsOf } from "../errors.js";
import type { Messages } from "../i18n/en.js";
import type { Clock } from "../platform/clock.js";

/**
 * What the sources of `get` (issue 28) need from the run: the Civitai sites, the one pause and retry
 * policy every metadata lookup goes through (`lookupPace` and `retryLookup`, as outdated and import
 * use them), what the library holds, the listing filters, and where to say what happens.
 */
export interface SourceDeps {
	sites: { base: Site; red?: Site | undefined };
	apiKey: string;
	clock: Clock;
	signal?: AbortSignal | undefined;
	/** The seed's ladder for 429 and 503 (`retry_delays`). */
	retryDelaysMs: readonly number[];
	/** The ladder for network failures (`network_retry_delays`). */
	networkRetryDelaysMs?: readonly number[] | undefined;
	/** The task's shared pause between lookups (`lookupPace`), awaited before every request. */
	pace: () => Promise<void>;
	library: LibraryIndex;
	filters: ListFilters;
	/** Download what the library already has too (`--force`). */
	force: boolean;
	/** Told before each retry's wait (shown as a warning). */
	onRetry: (r: LookupRetryShown) => void;
	/** The catalogue reasons are worded in. */
	m: Messages;
	/** Metadata requests sent so far, all sources together. */
	stats: { requests: number };
}

/** A retry about to wait, as the CLI shows it. */
export interface LookupRetryShown {
	origin: string;
	retry: number;
	max: number;
	delayMs: number;
	reason: string;
}

/** The site a source names (civitai.red's when it is on it and one is configured), else the base site. */
export function siteFor(deps: Pick<SourceDeps, "sites">, onRed: boolean): Site {
	return onRed && deps.sites.red ? deps.sites.red : deps.sites.base;
}

/** One metadata request, paced and retried as every lookup is: the task's pause, then the seed's and the network ladder. */
export function politely<T>(deps: SourceDeps, site: Site, ask: () => Promise<T>): Promise<T> {
	return retryLookup(
		async () => {
			await deps.pace();
			deps.stats.requests++;
			return ask();
		},
		{
			clock: deps.clock,
			signal: deps.signal,
			retryDelaysMs: deps.retryDelaysMs,
			networkRetryDelaysMs: deps.networkRetryDelaysMs,
			onRetry: (r) =>
				deps.onRetry({ origin: site.client.origin, retry: r.retry, max: r.max, delayMs: r.delayMs, reason: wordsOf(r.error, deps.m) }),
		},
	);
}
