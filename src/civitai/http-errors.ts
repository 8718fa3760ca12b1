import { parseRetryAfter } from "../core/retry-policy.js";
import { cleanText } from "../core/text.js";
import { DownloadError } from "../errors.js";
import { msg } from "../i18n/msg.js";
import { first } from "../platform/headers.js";
import type { Access } from "./wire-types.js";

const QUOTA_TEXT = /unusual amount of downloading/i;

/**
 * The server's own words from an error body: JSON `message`/`error`, an HTML title, or the text.
 * Cleaned of escape codes and control characters (they are printed and written to the failed list).
 */
export function serverMessage(body: string, contentType: string | undefined): string {
	return cleanText(rawServerMessage(body, contentType)).replace(/\s+/g, " ").trim() || "—";
}

function rawServerMessage(body: string, contentType: string | undefined): string {
	const text = body.trim();
	if (/json/i.test(contentType ?? "") || text.startsWith("{")) {
		try {
			const j = JSON.parse(text) as { error?: unknown; message?: unknown };
			const parts = [j.error, j.message].filter((x): x is string => typeof x === "string" && x !== "");
			if (parts.length > 0) return parts.length === 2 && parts[0] !== parts[1] ? `${parts[0]}: ${parts[1]}` : parts[0]!;
		} catch {
			// fall through to text
		}
	}
	const xml = /<Code>([^<]*)<\/Code>\s*<Message>([^<]*)<\/Message>/i.exec(text);
	if (xml) return `${xml[1]}: ${xml[2]}`;
	if (/html/i.test(contentType ?? "") || /^<(?:!doctype|html|head|body)\b/i.test(text)) return htmlSummary(text);
	return text.replace(/\s+/g, " ").slice(0, 200) || "—";
}

/** The most words of an HTML page's text a message quotes. */
const HTML_WORDS = 14;

/**
 * An HTML error page in a few words (issue 27, point 17): its title, else its first heading, else the
 * first words of its text; never its markup.
 */
function htmlSummary(html: string): string {
	const textOf = (s: string) =>
		s
			.replace(/<[^>]*>/g, " ")
			.replace(/&nbsp;/gi, " ")
			.replace(/&amp;/gi, "&")
			.replace(/&lt;/gi, "<")
			.replace(/&gt;/gi, ">")
			.replace(/&quot;/gi, '"')
			.replace(/&#39;/gi, "'")
			.replace(/\s+/g, " ")
			.trim();
	const quoted = (s: string) => `"${s}" (HTML)`;
	const title = textOf(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? "");
	if (title) return quoted(title.slice(0, 200));
	const heading = textOf(/<h[1-3][^>]*>([\s\S]*?)<\/h[1-3]>/i.exec(html)?.[1] ?? "");
	if (heading) return quoted(heading.slice(0, 200));
	const body = textOf(html.replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, " "));
	if (!body) return "(HTML)"; // nothing to quote, in any language
	const words = body.split(" ");
	return quoted(words.length > HTML_WORDS ? `${words.slice(0, HTML_WORDS).join(" ")}…` : body.slice(0, 200));
}

/**
 * An HTTP error answer from Civitai → the typed failure with its error_kind (SPEC §2). `keySent`:
 * the request carried an API key (a 401 then means the key was refused, not that one is missing).
 */
export function errorFromResponse(
	status: number,
	body: string,
	headers: Record<string, string | string[] | undefined>,
	nowMs: number,
	keySent = false,
): DownloadError {
	const ct = first(headers["content-type"]);
	const text = serverMessage(body, ct);
	const retryAfterMs = parseRetryAfter(first(headers["retry-after"]), nowMs);
	const init = { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
	switch (status) {
		case 401: {
			const hint = /logged in|unauthorized/i.test(text) && !/disabled downloads/i.test(text);
			return new DownloadError("auth", msg("errAuth401", { message: text, hint, keySent }), init);
		}
		case 403: {
			const deadline = earlyAccessDeadline(body);
			if (deadline !== undefined || /early access/i.test(text)) {
				return new DownloadError("early_access", msg("errEarlyAccess", { message: text, until: deadline ?? null }), init);
			}
			return new DownloadError("auth", msg("errForbidden", { message: text }), init);
		}
		case 404:
			return new DownloadError("not_found", msg("errNotFound", { message: text }), init);
		case 410:
			return new DownloadError("archived", msg("errArchived", { message: text }), init);
		case 451:
			return new DownloadError("region", msg("errRegion", { message: text }), init);
		case 429:
			if (QUOTA_TEXT.test(text)) return new DownloadError("quota", msg("errQuota", { message: text }), init);
			return new DownloadError("rate_limited", msg("errRateLimited", { message: text }), init);
		case 503:
			return new DownloadError("rate_limited", msg("errUnavailable", { message: text }), init);
		case 502:
		case 504:
			return new DownloadError("network", msg("errGateway", { status, message: text }), init);
		default:
			// Cloudflare's 520-530: the origin behind it is down or unreachable
			if (status >= 520 && status <= 530) return new DownloadError("network", msg("errGateway", { status, message: text }), init);
			return new DownloadError("other", msg("errHttp", { status, message: text }), init);
	}
}

/**
 * A 403 for a version its own answer calls paid or early access: said so in one sentence that names
 * the date (the 403's own deadline first, else the version's), instead of a generic refusal. Any
 * other error comes back unchanged.
 */
export function accessRefusal(e: unknown, access: Access | undefined): unknown {
	if (!access || !(e instanceof DownloadError) || e.status !== 403) return e;
	const said = e.msg.params as { message?: string; until?: string | null };
	const message = said.message ?? "—";
	const init = { status: 403, cause: e };
	if (access.permanent) return new DownloadError("early_access", msg("errPaidAccess", { message }), init);
	return new DownloadError("early_access", msg("errEarlyAccess", { message, until: said.until ?? access.until }), init);
}

function earlyAccessDeadline(body: string): string | undefined {
	try {
		const j = JSON.parse(body) as { deadline?: unknown };
		return typeof j.deadline === "string" ? cleanText(j.deadline) : undefined;
	} catch {
		return undefined;
	}
}
