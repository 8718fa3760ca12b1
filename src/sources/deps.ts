import type { LibraryIndex } from "../core/image-resources.js";
import type { ListFilters } from "../core/listing.js";
import type { Site, Sites } from "../core/sites.js";
import { wordsOf } from "../errors.js";
import type { Messages } from "../i18n/en.js";
import type { Clock } from "../platform/clock.js";
import type { Requests } from "../requests/requests.js";

/**
 * What the sources of `get` (issue 28) need from the run: the gateway (the Civitai sites, their
 * clients, the lookup slots and the one retry executor every metadata lookup goes through, as
 * outdated and import use them), what the library holds, the listing filters, and where to say what
 * happens.
 */
export interface SourceDeps {
	requests: Requests;
	/** The gateway's sites, clock and signal, and whether there is a key (read off it, for brevity). */
	sites: Sites;
	clock: Clock;
	signal: AbortSignal;
	apiKey: string;
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

/** The parts of `SourceDeps` read off the gateway. */
export function gatewayParts(requests: Requests): Pick<SourceDeps, "requests" | "sites" | "clock" | "signal" | "apiKey"> {
	return { requests, sites: requests.sites, clock: requests.clock, signal: requests.signal, apiKey: requests.apiKey };
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

/** One metadata request on a site, as every lookup is: a lookup slot, then the seed's and the network ladder. */
export function politely<T>(deps: SourceDeps, site: Site, ask: (client: ReturnType<Requests["client"]>) => Promise<T>): Promise<T> {
	const client = deps.requests.client(site);
	return deps.requests.lookup(
		() => {
			deps.stats.requests++;
			return ask(client);
		},
		{
			beforeWait: (r) =>
				deps.onRetry({ origin: site.origin, retry: r.retry, max: r.max, delayMs: r.delayMs, reason: wordsOf(r.error, deps.m) }),
		},
	);
}
