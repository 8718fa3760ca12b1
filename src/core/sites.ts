import { isRedUrl, parseTarget, type Target } from "./targets.js";

/**
 * The Civitai sites of a run, as values: the base site (`base_url`) and, when configured as a second
 * origin, the red one (`red_base_url`, civitai.red beside civitai.com). These are the only origins that
 * ever receive the API key; every decision about "is this URL Civitai's, and which site" is made here,
 * once, from the settings. Pure.
 */
export type SiteName = "base" | "red";

export interface Site {
	readonly name: SiteName;
	/** `https://civitai.com`: scheme, host and port. */
	readonly origin: string;
	/** The configured base URL without a trailing slash (it may carry a path, e.g. a test server's `/api/v1`'s parent). */
	readonly baseUrl: string;
	/** host:port, as URLs name it. */
	readonly host: string;
}

export interface Sites {
	readonly base: Site;
	/** The second origin, when the settings name one that is not the base's. */
	readonly red?: Site;
	/** Base first, then red: the order lookups ask them in. */
	readonly all: readonly Site[];
}

function site(name: SiteName, baseUrl: string): Site {
	const u = new URL(baseUrl);
	return { name, origin: u.origin, baseUrl: baseUrl.replace(/\/+$/, ""), host: u.host };
}

/** The sites the settings name. A red URL equal to the base URL's origin is no second site. */
export function sitesOf(settings: { baseUrl: string; redBaseUrl?: string | null | undefined }): Sites {
	const base = site("base", settings.baseUrl);
	const red = settings.redBaseUrl ? site("red", settings.redBaseUrl) : undefined;
	if (!red || red.origin === base.origin) return { base, all: [base] };
	return { base, red, all: [base, red] };
}

/**
 * The red base URL's default: civitai.red beside civitai.com. A custom base URL (a mirror, a test
 * server) gets no red origin unless one is configured, so that nothing is sent to a host the user did
 * not name.
 */
export function defaultRedBaseUrl(baseUrl: string): string | null {
	return new URL(baseUrl).origin === "https://civitai.com" ? "https://civitai.red" : null;
}

/** The site whose origin a URL is on (exactly: scheme, host and port), or undefined: not Civitai's. */
export function siteAt(sites: Sites, url: string | URL): Site | undefined {
	let origin: string;
	try {
		origin = typeof url === "string" ? new URL(url).origin : url.origin;
	} catch {
		return undefined;
	}
	return sites.all.find((s) => s.origin === origin);
}

/** Whether the API key may be sent with a request to this URL: only to the run's Civitai sites. */
export function keyGoesTo(sites: Sites, url: string | URL): boolean {
	return siteAt(sites, url) !== undefined;
}

/** The hosts a target URL may name besides civitai.com & co.: the base site's (host:port and hostname). */
export function acceptedHosts(sites: Sites): string[] {
	return [sites.base.host, new URL(sites.base.origin).hostname];
}

/** The configured red site's host:port, when there is one: a URL there is a red target. */
export function redHosts(sites: Sites): string[] {
	return sites.red ? [sites.red.host] : [];
}

/** Parse a target with the run's sites: their hosts accepted, civitai.red's and the red site's marked red. */
export function parseTargetOn(sites: Sites, raw: string): Target {
	return parseTarget(raw, acceptedHosts(sites), redHosts(sites));
}

/** Whether a URL names the red site (civitai.red, or the configured red host). False for anything unparseable. */
export function isOnRed(sites: Sites, url: string): boolean {
	try {
		return isRedUrl(new URL(url), redHosts(sites));
	} catch {
		return false;
	}
}

/**
 * The site a history row's URL names: red for civitai.red or the red site's host, else base. A row
 * recorded on civitai.red resolves there again (when the run has a red site).
 */
export function siteOfRow(sites: Sites, url: string): Site {
	return sites.red && isOnRed(sites, url) ? sites.red : sites.base;
}
