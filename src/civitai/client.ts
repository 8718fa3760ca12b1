import { type Dispatcher, request } from "undici";
import { DownloadError } from "../errors.js";
import { type Msg, msg } from "../i18n/msg.js";
import { errorFromResponse, first } from "./http-errors.js";
import type { WireModel, WireVersion } from "./wire-types.js";

export interface HttpContext {
	dispatcher: Dispatcher;
	userAgent: string;
	now: () => number;
}

/** The short code of a socket/undici failure (ECONNREFUSED, UND_ERR_SOCKET, ...). */
export function errorCode(e: unknown): string {
	const err = e as { code?: string; message?: string } | null;
	return err?.code ?? err?.message ?? String(e);
}

/** Map undici/socket failures to our `network` kind; keep typed errors and aborts as they are. */
export function asNetworkError(e: unknown, what: (code: string) => Msg): unknown {
	if (e instanceof DownloadError) return e;
	const err = e as { name?: string; code?: string; message?: string };
	if (err?.name === "AbortError" || err?.code === "ABORT_ERR") return e;
	return new DownloadError("network", what(errorCode(e)), { cause: e });
}

/** Metadata API of one Civitai origin. The key goes to that origin only, as a Bearer header. */
export class CivitaiClient {
	readonly origin: string;

	constructor(
		baseUrl: string,
		private readonly apiKey: string,
		private readonly http: HttpContext,
	) {
		this.origin = new URL(baseUrl).origin;
	}

	private async getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
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
			throw asNetworkError(e, (code) => msg("errCannotReach", { host: this.origin, code }));
		}
		const text = await res.body.text();
		if (res.statusCode !== 200) throw errorFromResponse(res.statusCode, text, res.headers, this.http.now());
		if (!/json/i.test(first(res.headers["content-type"]) ?? "")) {
			throw new DownloadError("bad_body", msg("errNotJson", { url: `${this.origin}${path}` }));
		}
		try {
			return JSON.parse(text) as T;
		} catch {
			throw new DownloadError("bad_body", msg("errBadJson", { url: `${this.origin}${path}` }));
		}
	}

	getModel(id: number, signal?: AbortSignal): Promise<WireModel> {
		return this.getJson(`/api/v1/models/${id}`, signal);
	}

	getVersion(id: number, signal?: AbortSignal): Promise<WireVersion> {
		return this.getJson(`/api/v1/model-versions/${id}`, signal);
	}

	getByHash(hash: string, signal?: AbortSignal): Promise<WireVersion> {
		return this.getJson(`/api/v1/model-versions/by-hash/${encodeURIComponent(hash)}`, signal);
	}
}
