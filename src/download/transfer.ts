import type { Readable } from "node:stream";
import { asNetworkError } from "../civitai/client.js";
import { formatBytes } from "../core/format.js";
import {
	type BodyLimitReason,
	bodyLimit,
	decideResponse,
	decideStart,
	keepPartialOnFullDisk,
	MAX_UNSIZED_BODY_BYTES,
} from "../core/resume.js";
import { DownloadError, InterruptedError } from "../errors.js";
import { type Msg, msg } from "../i18n/msg.js";
import { discard, drain } from "../platform/body.js";
import { first } from "../platform/headers.js";
import type { HttpContext } from "../platform/http.js";
import { receivedChunks } from "../platform/received-chunks.js";
import { hashFile } from "./hasher.js";
import { HashingWriter, hashPlaceFor } from "./hashing-writer.js";
import { diskError, openPartial, partialState, removePartial } from "./partial-file.js";
import { followRedirects, get } from "./redirects.js";
import { baseHeaders, type Response, type TransferRequest, type TransferResult } from "./request.js";
import { checkBody, dispositionName, refusal } from "./response-checks.js";
import { watchSpeed } from "./speed-watch.js";
import { streamToFile } from "./stream-to-file.js";

export { hashFile } from "./hasher.js";
export { diskError } from "./partial-file.js";
export type { Response, TransferRequest, TransferResult } from "./request.js";
export { dispositionName } from "./response-checks.js";

/**
 * The response that carries the file: the signed URL from an earlier attempt while it works,
 * otherwise a fresh `/api/download` request whose redirects we follow ourselves.
 */
async function openFile(req: TransferRequest, http: HttpContext, offset: number): Promise<Response> {
	const range: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
	if (req.session.signedUrl) {
		const res = await get(req.session.signedUrl, { ...baseHeaders(http.userAgent), ...range }, req.signal, http);
		if (res.statusCode < 400 || res.statusCode === 416) return res;
		await drain(res); // expired or refused: resolve a fresh one
		req.session.signedUrl = undefined;
	}
	const { res } = await followRedirects(req, http, { extraHeaders: range });
	if (res!.statusCode >= 400 && res!.statusCode !== 416) {
		if (new URL(res!.url).origin !== req.site.origin) req.session.signedUrl = undefined;
		throw await refusal(res!, req, http);
	}
	return res!;
}

/**
 * Ask `/api/download` for the signed storage URL without fetching it: follow Civitai's redirects
 * (the key only to Civitai) and stop at the first URL on another origin. Undefined when Civitai
 * answers with the file itself (no signed URL to share between connections).
 */
export async function resolveSignedUrl(req: TransferRequest, http: HttpContext): Promise<string | undefined> {
	const { url, res } = await followRedirects(req, http, { stopAtStorage: true });
	if (res === undefined) {
		req.session.signedUrl = url;
		return url;
	}
	if (res.statusCode >= 400) throw await refusal(res, req, http);
	await drain(res);
	return undefined;
}

/**
 * Ask from `offset` and settle what the answer means for the partial file: a 416 starts over, a
 * 200 to a Range request is the whole file, a 206 for some other range is asked again from 0.
 * At most two asks again; whatever comes then is judged by checkBody.
 */
async function openAt(req: TransferRequest, http: HttpContext, offset: number): Promise<{ res: Response; offset: number }> {
	let res = await openFile(req, http, offset);
	for (let round = 0; ; round++) {
		const d = decideResponse(offset, req.expectedSize, res.statusCode, first(res.headers["content-range"]));
		if (d.action === "accept") return { res, offset: d.offset };
		if (round >= 2) return { res, offset };
		await drain(res);
		if (d.action === "restart") await removePartial(req.partPath);
		offset = 0;
		res = await openFile(req, http, 0);
	}
}

/** Write errors that mean the disk is full. */
const DISK_FULL = new Set(["ENOSPC", "EDQUOT"]);

/** What to say when a body outgrew its limit (the partial file is deleted). */
const OVER_LIMIT: Record<BodyLimitReason, (req: TransferRequest, room: number) => Msg> = {
	listed: (req) => msg("errTooLong", { expected: req.expectedSize ?? 0 }),
	length: (_req, room) => msg("errLongerThanLength", { length: room }),
	cap: (req) => msg("errBodyTooLarge", { bytes: req.maxUnsizedBytes ?? MAX_UNSIZED_BODY_BYTES }),
};

/**
 * One attempt at bringing the file into `partPath`: resume from its current size with Range, restart
 * from zero when the server ignores Range, hash while streaming (the kept prefix first), and watch
 * the speed on the clock. Throws DownloadError (with the kind) or InterruptedError; the partial file
 * is kept for the next attempt.
 */
export async function transfer(req: TransferRequest, http: HttpContext): Promise<TransferResult> {
	const start = decideStart(await partialState(req.partPath), req.expectedSize);
	if (start.action === "complete") {
		return { bytes: req.expectedSize!, sha256: await hashFile(req.partPath, { signal: req.signal }), dispositionName: undefined };
	}
	if (start.action === "discard") await removePartial(req.partPath);
	const { res, offset } = await openAt(req, http, start.action === "resume" ? start.offset : 0);
	await checkBody(res, offset, req.expectedSize);
	// every byte from here on is kept, also those that arrive while the kept prefix is hashed
	const chunks = receivedChunks(res.body as Readable);
	req.onStart?.(offset);
	const fh = await openPartial(req.partPath, offset > 0 ? "resume" : "create").catch((e) => {
		discard(res);
		throw e;
	});
	let writer: HashingWriter | undefined;
	try {
		writer = new HashingWriter(fh, offset, http.clock, { hash: hashPlaceFor(req.expectedSize), expectedBytes: req.expectedSize });
		const bytes = await receive(req, http, res, chunks, offset, writer);
		return { bytes, sha256: await writer.digest(), dispositionName: dispositionName(res) };
	} catch (e) {
		writer?.close();
		if (!res.body.destroyed) discard(res);
		throw e;
	} finally {
		await fh.close().catch(() => {});
	}
}

/** Stream the accepted body after the kept prefix; the total on success, a typed failure otherwise. */
async function receive(
	req: TransferRequest,
	http: HttpContext,
	res: Response,
	chunks: AsyncIterable<Buffer>,
	offset: number,
	writer: HashingWriter,
): Promise<number> {
	// a kept prefix of gigabytes takes seconds to hash: Ctrl-C stops it too
	await writer.hashExisting(offset, { signal: req.signal }).catch((e) => {
		throw diskError(e, req.partPath) ?? e;
	});
	const limit = bodyLimit(offset, req.expectedSize, first(res.headers["content-length"]), req.maxUnsizedBytes ?? MAX_UNSIZED_BODY_BYTES);
	const counter = { received: 0 };
	let slow: DownloadError | undefined;
	const stop = watchSpeed(http.clock, {
		slowWindowMs: req.slowWindowMs,
		speedThresholdBps: req.speedThresholdBps,
		received: () => counter.received,
		onTick: (bps) => req.onProgress?.(offset + counter.received, bps),
		onSlow: (e) => {
			slow = e;
			res.body.destroy(e);
		},
	});
	const { received, failure } = await streamToFile(chunks, writer, limit.room, counter).finally(stop);
	const total = offset + received;
	// where the file stands, also when this attempt failed: progress gives the retry ladder back
	req.onProgress?.(total, 0);
	if (failure !== undefined) {
		if (slow) throw slow;
		if (req.signal.aborted) throw new InterruptedError();
		const disk = diskError(failure, req.partPath);
		if (disk && DISK_FULL.has((failure as NodeJS.ErrnoException).code ?? "") && !keepPartialOnFullDisk(limit.reason)) {
			await removePartial(req.partPath);
			throw new DownloadError("disk", msg("errDiskFullUnsized", { path: req.partPath }), { cause: failure });
		}
		throw (
			disk ?? asNetworkError(failure, (code) => msg("errConnectionLost", { size: formatBytes(offset + received), code }), undefined, true)
		);
	}
	if (received > limit.room) {
		await removePartial(req.partPath);
		throw new DownloadError("bad_body", OVER_LIMIT[limit.reason](req, limit.room));
	}
	if (req.expectedSize !== undefined && total < req.expectedSize) {
		throw new DownloadError("network", msg("errClosedEarly", { bytes: total, expected: req.expectedSize }), { midBody: true });
	}
	return total;
}
