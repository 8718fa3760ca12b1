import { request } from "undici";
import { asNetworkError } from "../civitai/client.js";
import { keyGoesTo } from "../core/sites.js";
import { DownloadError, InterruptedError } from "../errors.js";
import { msg } from "../i18n/msg.js";
import { drain } from "../platform/body.js";
import { first } from "../platform/headers.js";
import type { HttpContext } from "../platform/http.js";
import { baseHeaders, type Response, type TransferRequest } from "./request.js";

const MAX_REDIRECTS = 10;

/** One GET; a refused connection is a `network` failure naming the host, an abort an InterruptedError. */
export async function get(url: string, headers: Record<string, string>, signal: AbortSignal, http: HttpContext): Promise<Response> {
	try {
		const res = await request(url, { method: "GET", headers, dispatcher: http.dispatcher, signal });
		return Object.assign(res, { url });
	} catch (e) {
		if (signal.aborted) throw new InterruptedError();
		const host = new URL(url).host;
		throw asNetworkError(e, (code) => msg("errCannotReach", { host, code }), host);
	}
}

/** Whether `location` carries the key, as it is or percent-encoded in any way. */
function carriesKey(location: string, apiKey: string): boolean {
	if (apiKey.length < 4) return false;
	if (location.includes(apiKey)) return true;
	try {
		return decodeURIComponent(location.replace(/\+/g, " ")).includes(apiKey);
	} catch {
		return false;
	}
}

function isRedirect(res: Response): boolean {
	return res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304;
}

type Walk = Pick<TransferRequest, "apiUrl" | "site" | "sites" | "apiKey" | "session" | "signal">;

/**
 * Where a redirect from `url` leads, checked: it has a Location, stays on http(s) (https only when
 * Civitai itself is https), loses any `token=`, and is not Civitai's login page.
 */
async function redirectTarget(res: Response, url: string, req: Walk): Promise<URL> {
	const location = first(res.headers.location);
	await drain(res);
	if (!location) throw new DownloadError("bad_body", msg("errRedirectNoLocation", { status: res.statusCode, host: new URL(url).host }));
	const next = new URL(location, url);
	const toCivitai = keyGoesTo(req.sites, next);
	if (!toCivitai && carriesKey(location, req.apiKey)) {
		throw new DownloadError("bad_body", msg("errKeyInRedirect", { host: next.host || next.protocol }));
	}
	const civitaiHttps = req.site.origin.startsWith("https:");
	if (next.protocol !== "https:" && !(next.protocol === "http:" && !civitaiHttps)) {
		throw new DownloadError("bad_body", msg("errRedirectScheme", { target: `${next.protocol}//${next.host}` }));
	}
	next.searchParams.delete("token");
	if (toCivitai && /^\/login\b/.test(next.pathname)) throw new DownloadError("auth", msg("errLoginRedirect"));
	return next;
}

/**
 * Follow `/api/download`'s redirects ourselves, sending the key (as a Bearer header, never a query
 * parameter) only to the Civitai origins (base and red); every storage URL reached is kept in the session as the
 * signed URL. Returns the first answer that is not a redirect, or (with `stopAtStorage`) just the
 * first URL off Civitai without requesting it.
 */
export async function followRedirects(
	req: Walk,
	http: HttpContext,
	opts: { extraHeaders?: Record<string, string>; stopAtStorage?: boolean } = {},
): Promise<{ url: string; res: Response | undefined }> {
	let url = req.apiUrl;
	for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
		const toCivitai = keyGoesTo(req.sites, url);
		if (opts.stopAtStorage && !toCivitai) return { url, res: undefined };
		const headers = { ...baseHeaders(http.userAgent), ...opts.extraHeaders };
		if (toCivitai && req.apiKey) headers.authorization = `Bearer ${req.apiKey}`;
		const res = await get(url, headers, req.signal, http);
		if (!isRedirect(res)) return { url, res };
		const next = await redirectTarget(res, url, req);
		if (!keyGoesTo(req.sites, next)) req.session.signedUrl = next.href;
		url = next.href;
	}
	throw new DownloadError("bad_body", msg("errTooManyRedirects", { max: MAX_REDIRECTS, url: req.apiUrl.replace(/\?.*/, "") }));
}
