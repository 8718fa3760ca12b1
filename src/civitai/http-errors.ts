import { parseRetryAfter } from "../core/retry-policy.js";
import { DownloadError } from "../errors.js";

const QUOTA_TEXT = /unusual amount of downloading/i;

/** The server's own words from an error body: JSON `message`/`error`, an HTML title, or the text. */
export function serverMessage(body: string, contentType: string | undefined): string {
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
	const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
	if (title) return `HTML page "${title.trim()}"`;
	const xml = /<Code>([^<]*)<\/Code>\s*<Message>([^<]*)<\/Message>/i.exec(text);
	if (xml) return `${xml[1]}: ${xml[2]}`;
	return text.replace(/\s+/g, " ").slice(0, 200) || "(empty body)";
}

/** An HTTP error answer from Civitai → the typed failure with its error_kind (SPEC §2). */
export function errorFromResponse(
	status: number,
	body: string,
	headers: Record<string, string | string[] | undefined>,
	nowMs: number,
): DownloadError {
	const ct = first(headers["content-type"]);
	const msg = serverMessage(body, ct);
	const retryAfterMs = parseRetryAfter(first(headers["retry-after"]), nowMs);
	const init = { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
	switch (status) {
		case 401: {
			const hint =
				/logged in|unauthorized/i.test(msg) && !/disabled downloads/i.test(msg)
					? " Set an API key: CIVITAI_API_KEY, or api_key in config.json."
					: "";
			return new DownloadError("auth", `Civitai refused the download (401): ${msg}.${hint}`, init);
		}
		case 403: {
			const deadline = earlyAccessDeadline(body);
			if (deadline !== undefined || /early access/i.test(msg)) {
				const until = deadline ? ` until ${deadline}` : "";
				return new DownloadError("early_access", `This version is in Early Access${until} (403): ${msg}`, init);
			}
			return new DownloadError("auth", `Civitai denied access (403): ${msg}`, init);
		}
		case 404:
			return new DownloadError("not_found", `Not found on Civitai (404): ${msg}`, init);
		case 410:
			return new DownloadError("archived", `The model is archived (410): ${msg}`, init);
		case 451:
			return new DownloadError("region", `Not available in your region (451): ${msg}`, init);
		case 429:
			if (QUOTA_TEXT.test(msg)) return new DownloadError("quota", `Civitai's daily download quota is used up (429): ${msg}`, init);
			return new DownloadError("rate_limited", `Rate limited by Civitai (429): ${msg}`, init);
		case 503:
			return new DownloadError("rate_limited", `Civitai is unavailable or overloaded (503): ${msg}`, init);
		case 502:
		case 504:
			return new DownloadError("network", `Gateway error from Civitai (${status}): ${msg}`, init);
		default:
			return new DownloadError("other", `Civitai answered ${status}: ${msg}`, init);
	}
}

function earlyAccessDeadline(body: string): string | undefined {
	try {
		const j = JSON.parse(body) as { deadline?: unknown };
		return typeof j.deadline === "string" ? j.deadline : undefined;
	} catch {
		return undefined;
	}
}

export function first(v: string | string[] | undefined): string | undefined {
	return Array.isArray(v) ? v[0] : v;
}
