import type { Dispatcher } from "undici";
import { first } from "./headers.js";

/**
 * Response bodies read with a bound: a hostile or broken server can send any amount, and nothing
 * civitai-dl reads besides a model file needs more than a few MiB.
 */

/**
 * Drop a body not (or no longer) read. Destroyed without an `error` listener, an unread undici body
 * emits its abort as an uncaught error that ends the process.
 */
export function discard(res: Pick<Dispatcher.ResponseData, "body">): void {
	res.body.on("error", () => {});
	res.body.destroy();
}

/** The start of a body (at most `limit` bytes) as text; the rest is discarded. For error pages and webhook answers. */
export async function drain(res: Dispatcher.ResponseData, limit = 64 * 1024): Promise<string> {
	const parts: Buffer[] = [];
	let n = 0;
	try {
		for await (const chunk of res.body) {
			if (n < limit) parts.push(chunk as Buffer);
			n += (chunk as Buffer).length;
			if (n >= limit) break;
		}
	} catch {
		// a broken error body still tells us the status
	}
	discard(res);
	return Buffer.concat(parts).toString("utf8").slice(0, limit);
}

/** A whole body as text, refusing one longer than `limit` bytes without holding more than that. */
export async function boundedText(res: Dispatcher.ResponseData, limit: number, tooBig: () => Error): Promise<string> {
	const declared = Number(first(res.headers["content-length"]) ?? Number.NaN);
	if (declared > limit) {
		discard(res);
		throw tooBig();
	}
	const parts: Buffer[] = [];
	let n = 0;
	for await (const chunk of res.body as AsyncIterable<Buffer>) {
		n += chunk.length;
		if (n > limit) {
			discard(res);
			throw tooBig();
		}
		parts.push(chunk);
	}
	return Buffer.concat(parts).toString("utf8");
}
