import { type Dispatcher, request } from "undici";
import type { z } from "zod";
import { DownloadError } from "../errors.js";
import { type Msg, msg } from "../i18n/msg.js";
import { boundedText } from "../platform/body.js";
import type { Clock } from "../platform/clock.js";
import { first } from "../platform/headers.js";
import { errorFromResponse } from "./http-errors.js";
import { type WireMe, WireMeSchema } from "./me.js";
import { issuePath, type WireModel, WireModelSchema, type WireVersion, WireVersionSchema } from "./wire-types.js";

/** The most JSON one metadata answer may hold; real ones are well under 1 MiB. */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;

export interface HttpContext {
	dispatcher: Dispatcher;
	userAgent: string;
	/** The run's clock: Retry-After dates and speed checks read it. */
	clock: Clock;
}

/** The short code of a socket/undici failure (ECONNREFUSED, UND_ERR_SOCKET, ...). */
export function errorCode(e: unknown): string {
	const err = e as { code?: string; message?: string } | null;
	return err?.code ?? err?.message ?? String(e);
}

/**
 * Map undici/socket failures to our `network` kind; keep typed errors and aborts as they are.
 * Headers over undici's limit (16 KiB) are a hostile or broken server, not a network hiccup.
 */
export function asNetworkError(e: unknown, what: (code: string) => Msg, host?: string): unknown {
	if (e instanceof DownloadError) return e;
	const err = e as { name?: string; code?: string; message?: string };
	if (err?.name === "AbortError" || err?.code === "ABORT_ERR") return e;
	if (err?.code === "UND_ERR_HEADERS_OVERFLOW")
		return new DownloadError("bad_body", msg("errHugeHeader", { host: host ?? "?" }), { cause: e });
	return new DownloadError("network", what(errorCode(e)), { cause: e });
}

/** Metadata API of one Civitai origin. The key goes to that origin only, as a Bearer header. */
export class CivitaiClient {
	readonly origin: string;

	constructor(
		baseUrl: string,
		private readonly apiKey: string,
		private readonly http: HttpContext,
		private readonly maxJsonBytes = MAX_JSON_BYTES,
	) {
		this.origin = new URL(baseUrl).origin;
	}

	private async getJson<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal): Promise<z.output<S>> {
		const headers: Record<string, string> = { "user-agent": this.http.userAgent, accept: "application/json" };
		if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
		let res: Dispatcher.ResponseData;
		try {
			res = await request(`${this.origin}${path}`, {
				method: "GET",
				headers,
				dispatcher: this.http.dispatcher,
				...(signal ? { signal } : {}),
			});
		} catch (e) {
			throw asNetworkError(e, (code) => msg("errCannotReach", { host: this.origin, code }), new URL(this.origin).host);
		}
		const url = `${this.origin}${path}`;
		let text: string;
		try {
			text = await boundedText(
				res,
				this.maxJsonBytes,
				() => new DownloadError("bad_body", msg("errJsonTooBig", { url, limitMiB: this.maxJsonBytes / 2 ** 20 })),
			);
		} catch (e) {
			throw asNetworkError(e, (code) => msg("errCannotReach", { host: this.origin, code }));
		}
		if (res.statusCode !== 200) throw errorFromResponse(res.statusCode, text, res.headers, this.http.clock.now());
		if (!/json/i.test(first(res.headers["content-type"]) ?? "")) {
			throw new DownloadError("bad_body", msg("errNotJson", { url }));
		}
		let raw: unknown;
		try {
			raw = JSON.parse(text);
		} catch {
			throw new DownloadError("bad_body", msg("errBadJson", { url }));
		}
		const parsed = schema.safeParse(raw);
		if (!parsed.success) {
			throw new DownloadError("bad_body", msg("errBadShape", { url, field: issuePath(parsed.error.issues[0]?.path ?? []) }));
		}
		return parsed.data;
	}

	getModel(id: number, signal?: AbortSignal): Promise<WireModel> {
		return this.getJson(`/api/v1/models/${id}`, WireModelSchema, signal);
	}

	getVersion(id: number, signal?: AbortSignal): Promise<WireVersion> {
		return this.getJson(`/api/v1/model-versions/${id}`, WireVersionSchema, signal);
	}

	getByHash(hash: string, signal?: AbortSignal): Promise<WireVersion> {
		return this.getJson(`/api/v1/model-versions/by-hash/${encodeURIComponent(hash)}`, WireVersionSchema, signal);
	}

	/** Whose key this is: `/api/v1/me` answers the key's user, or 401 (an `auth` DownloadError) for a bad key. */
	getMe(signal?: AbortSignal): Promise<WireMe> {
		return this.getJson("/api/v1/me", WireMeSchema, signal);
	}
}
