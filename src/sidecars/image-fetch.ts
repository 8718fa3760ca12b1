import { type Dispatcher, request } from "undici";
import { errorCode } from "../civitai/client.js";
import { imageUrlRefusal } from "../core/image-hosts.js";
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
	/**
	 * The configured Civitai origins (`base_url`, `red_base_url`): images are asked only there and on
	 * Civitai's image service over https (core/image-hosts.ts), on every hop.
	 */
	imageOrigins: readonly string[];
	maxBytes?: number;
	deadlineMs?: number;
}

/** Why `at` is not asked (reached from `from`, when a redirect led there); undefined when it may be. */
function refusal(at: string, name: string, origins: readonly string[], from?: string): Msg | undefined {
	const why = imageUrlRefusal(at, origins, from);
	if (why === undefined) return undefined;
	const host = hostOf(at);
	return why === "downgrade" ? msg("sidecarPreviewDowngrade", { name, host }) : msg("sidecarPreviewHostRefused", { name, host });
}

/**
 * GET an image from the image host, bounded in size and time. Images live on another host than the
 * API: no API key or Authorization is ever sent, on any hop. Only allowed hosts are asked, and a
 * redirect is followed only to one of them, never from https to http. The bytes, or why there are none.
 */
export async function fetchImage(url: string, name: string, deps: ImageFetchDeps): Promise<Buffer | Msg> {
	const limit = deps.maxBytes ?? MAX_IMAGE_BYTES;
	const refused = refusal(url, name, deps.imageOrigins);
	if (refused) return refused;
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
				const next = new URL(location, at).href;
				if (!/^https?:$/.test(new URL(next).protocol)) return msg("sidecarPreviewNotImage", { name, host });
				const onward = refusal(next, name, deps.imageOrigins, at);
				if (onward) return onward;
				at = next;
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
