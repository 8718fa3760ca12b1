import { type Dispatcher, request } from "undici";
import { errorCode } from "../civitai/client.js";
import { type Msg, msg } from "../i18n/msg.js";
import { discard } from "../platform/body.js";
import { first } from "../platform/headers.js";
import { deadline, type HttpContext } from "../platform/http.js";

/** A preview is a few hundred KiB; anything past this is not one. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** The longest one image may take, redirects and body together. */
export const IMAGE_DEADLINE_MS = 60_000;
const MAX_REDIRECTS = 3;

export interface ImageFetchDeps {
	http: HttpContext;
	signal?: AbortSignal | undefined;
	maxBytes?: number;
	deadlineMs?: number;
}

/**
 * GET an image from the image host, bounded in size and time. Images live on another host than the
 * API: no API key or Authorization is ever sent, on any hop. The bytes, or why there are none.
 */
export async function fetchImage(url: string, name: string, deps: ImageFetchDeps): Promise<Buffer | Msg> {
	const limit = deps.maxBytes ?? MAX_IMAGE_BYTES;
	const timer = deadline(deps.http.clock, deps.deadlineMs ?? IMAGE_DEADLINE_MS, deps.signal);
	let host = hostOf(url);
	try {
		let at = url;
		for (let hop = 0; ; hop++) {
			host = hostOf(at);
			const res = await get(at, deps.http, timer.signal);
			const location = first(res.headers.location);
			if (res.statusCode >= 300 && res.statusCode < 400 && location && hop < MAX_REDIRECTS) {
				discard(res);
				at = new URL(location, at).href;
				if (!/^https?:$/.test(new URL(at).protocol)) return msg("sidecarPreviewNotImage", { name, host });
				continue;
			}
			if (res.statusCode !== 200) {
				discard(res);
				return msg("sidecarPreviewHttp", { name, host, status: res.statusCode });
			}
			return await boundedBytes(res, limit, () => msg("sidecarPreviewTooBig", { name, host, limitMiB: limit / 2 ** 20 }));
		}
	} catch (e) {
		return msg("sidecarPreviewNetwork", { name, host, code: timer.expired() ? "timeout" : errorCode(e) });
	} finally {
		timer.stop();
	}
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return "?";
	}
}

function get(url: string, http: HttpContext, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
	const headers = { "user-agent": http.userAgent, accept: "image/png,image/jpeg,image/webp;q=0.9" };
	return request(url, { method: "GET", headers, dispatcher: http.dispatcher, signal });
}

async function boundedBytes(res: Dispatcher.ResponseData, limit: number, tooBig: () => Msg): Promise<Buffer | Msg> {
	if (Number(first(res.headers["content-length"]) ?? 0) > limit) {
		discard(res);
		return tooBig();
	}
	const parts: Buffer[] = [];
	let n = 0;
	for await (const chunk of res.body as AsyncIterable<Buffer>) {
		n += chunk.length;
		if (n > limit) {
			discard(res);
			return tooBig();
		}
		parts.push(chunk);
	}
	return Buffer.concat(parts);
}
