import { type Dispatcher, request } from "undici";
import { z } from "zod";
import { DownloadError } from "../errors.js";
import { type Msg, msg } from "../i18n/msg.js";
import { boundedText, discard } from "../platform/body.js";
import { first } from "../platform/headers.js";
import { deadline, type HttpContext } from "../platform/http.js";
import { errorFromResponse } from "./http-errors.js";
import { type WireMe, WireMeSchema } from "./me.js";
import { type WireImageList, WireImageListSchema, type WireModelPage, WireModelPageSchema } from "./wire-lists.js";
import {
	issuePath,
	MAX_ENTRIES,
	MAX_JSON_DEPTH,
	nestedDeeperThan,
	type WireModel,
	type WireModelList,
	WireModelListSchema,
	WireModelSchema,
	type WireVersion,
	WireVersionSchema,
} from "./wire-types.js";

/** The by-hash batch answer: version objects, as many as hashes asked at most (bounded like every list). */
const ByHashAnswerSchema = z.array(WireVersionSchema).max(MAX_ENTRIES);

/** The most JSON one metadata answer may hold; real ones are well under 1 MiB. */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;
/**
 * The longest one metadata answer may take, headers and body together. The socket timeouts only
 * notice silence: a server dripping a byte every few seconds would otherwise hold a run forever.
 */
export const API_DEADLINE_MS = 60_000;

/** The short code of a socket/undici failure (ECONNREFUSED, UND_ERR_SOCKET, ...). */
export function errorCode(e: unknown): string {
	const err = e as { code?: string; message?: string } | null;
	return err?.code ?? err?.message ?? String(e);
}

/**
 * Map undici/socket failures to our `network` kind; keep typed errors and aborts as they are.
 * Headers over undici's limit (16 KiB) are a hostile or broken server, not a network hiccup.
 * `midBody`: the failure came while the file's bytes were arriving (the retry ladder reads it).
 */
export function asNetworkError(e: unknown, what: (code: string) => Msg, host?: string, midBody = false): unknown {
	if (e instanceof DownloadError) return e;
	const err = e as { name?: string; code?: string; message?: string };
	if (err?.name === "AbortError" || err?.code === "ABORT_ERR") return e;
	if (err?.code === "UND_ERR_HEADERS_OVERFLOW")
		return new DownloadError("bad_body", msg("errHugeHeader", { host: host ?? "?" }), { cause: e });
	return new DownloadError("network", what(errorCode(e)), { cause: e, midBody });
}

/** Metadata API of one Civitai origin. The key goes to that origin only, as a Bearer header. */
export class CivitaiClient {
	readonly origin: string;

	constructor(
		baseUrl: string,
		private readonly apiKey: string,
		private readonly http: HttpContext,
		private readonly maxJsonBytes = MAX_JSON_BYTES,
		private readonly deadlineMs = API_DEADLINE_MS,
	) {
		this.origin = new URL(baseUrl).origin;
	}

	/** The time on the run's clock (what is gated now is judged by it). */
	now(): number {
		return this.http.clock.now();
	}

	/** GET one answer within the deadline (measured on the run's clock): headers and whole body as text. */
	private async fetchText(path: string, signal?: AbortSignal, jsonBody?: string): Promise<{ res: Dispatcher.ResponseData; text: string }> {
		const url = `${this.origin}${path}`;
		const limit = deadline(this.http.clock, this.deadlineMs, signal);
		try {
			const res = await this.request(url, limit.signal, jsonBody);
			try {
				const tooBig = () => new DownloadError("bad_body", msg("errJsonTooBig", { url, limitMiB: this.maxJsonBytes / 2 ** 20 }));
				return { res, text: await boundedText(res, this.maxJsonBytes, tooBig) };
			} catch (e) {
				discard(res);
				throw e;
			}
		} catch (e) {
			if (limit.expired()) {
				// its cause's code says "timeout" to whoever reads codes (doctor's line)
				const cause = Object.assign(new Error("deadline"), { code: "timeout", cause: e });
				throw new DownloadError("network", msg("errApiTooSlow", { url, seconds: this.deadlineMs / 1000 }), { cause });
			}
			throw asNetworkError(e, (code) => msg("errCannotReach", { host: this.origin, code }), new URL(this.origin).host);
		} finally {
			limit.stop();
		}
	}

	/** A GET, or a POST of `jsonBody` when one is given. */
	private request(url: string, signal: AbortSignal, jsonBody?: string): Promise<Dispatcher.ResponseData> {
		const headers: Record<string, string> = { "user-agent": this.http.userAgent, accept: "application/json" };
		if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
		if (jsonBody === undefined) return request(url, { method: "GET", headers, dispatcher: this.http.dispatcher, signal });
		headers["content-type"] = "application/json";
		return request(url, { method: "POST", headers, body: jsonBody, dispatcher: this.http.dispatcher, signal });
	}

	private async getJson<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal, jsonBody?: string): Promise<z.output<S>> {
		const url = `${this.origin}${path}`;
		const { res, text } = await this.fetchText(path, signal, jsonBody);
		if (res.statusCode !== 200) throw errorFromResponse(res.statusCode, text, res.headers, this.http.clock.now(), this.apiKey !== "");
		if (!/json/i.test(first(res.headers["content-type"]) ?? "")) {
			throw new DownloadError("bad_body", msg("errNotJson", { url }));
		}
		// deep nesting costs memory out of all proportion to its bytes: refused before parsing
		if (nestedDeeperThan(text, MAX_JSON_DEPTH)) throw new DownloadError("bad_body", msg("errJsonTooDeep", { url, max: MAX_JSON_DEPTH }));
		let raw: unknown;
		try {
			raw = JSON.parse(text);
		} catch {
			throw new DownloadError("bad_body", msg("errBadJson", { url }));
		}
		const parsed = schema.safeParse(raw);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const field = issuePath(issue?.path ?? []);
			if (issue?.code === "too_big" && (issue.origin === "array" || issue.origin === "object")) {
				throw new DownloadError("bad_body", msg("errJsonTooMany", { url, field, max: Number(issue.maximum) }));
			}
			throw new DownloadError("bad_body", msg("errBadShape", { url, field }));
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

	/**
	 * Up to 100 models in one request (the server's limit), mature ones included (`nsfw=true`: without
	 * it they are left out silently). Models the server does not list are simply absent.
	 */
	getModelsByIds(ids: readonly number[], signal?: AbortSignal): Promise<WireModelList> {
		const q = `ids=${ids.join(",")}&nsfw=true&limit=${Math.max(1, ids.length)}`;
		return this.getJson(`/api/v1/models?${q}`, WireModelListSchema, signal);
	}

	/** `GET /api/v1/models?modelVersionIds=`: the models holding these versions (at most 100 ids, so at most 100 models). */
	getModelsByVersionIds(ids: readonly number[], signal?: AbortSignal): Promise<WireModelList> {
		const q = `modelVersionIds=${ids.join(",")}&nsfw=true&limit=${Math.max(1, ids.length)}`;
		return this.getJson(`/api/v1/models?${q}`, WireModelListSchema, signal);
	}

	/**
	 * `POST /api/v1/model-versions/by-hash`: the versions holding any of these SHA-256 hashes (at most
	 * 100 a request); unknown hashes are left out of the answer, not reported.
	 */
	getByHashes(sha256s: readonly string[], signal?: AbortSignal): Promise<WireVersion[]> {
		return this.getJson("/api/v1/model-versions/by-hash", ByHashAnswerSchema, signal, JSON.stringify(sha256s));
	}

	/** A page of `GET /api/v1/models` (a creator's models, the favorites, a search): `query` as core/listing.ts builds it. */
	listModels(query: string, signal?: AbortSignal): Promise<WireModelPage> {
		return this.getJson(`/api/v1/models?${query}`, WireModelPageSchema, signal);
	}

	/** `GET /api/v1/images` (one image's generation data: `imageId=&withMeta=true`). */
	getImages(query: string, signal?: AbortSignal): Promise<WireImageList> {
		return this.getJson(`/api/v1/images?${query}`, WireImageListSchema, signal);
	}

	/** Whose key this is: `/api/v1/me` answers the key's user, or 401 (an `auth` DownloadError) for a bad key. */
	getMe(signal?: AbortSignal): Promise<WireMe> {
		return this.getJson("/api/v1/me", WireMeSchema, signal);
	}
}
