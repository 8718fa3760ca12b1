import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { type FileHandle, open, rm, stat } from "node:fs/promises";
import contentDisposition from "content-disposition";
import { type Dispatcher, request } from "undici";
import { asNetworkError, type HttpContext } from "../civitai/client.js";
import { errorFromResponse, serverMessage } from "../civitai/http-errors.js";
import { parseContentRange } from "../core/content-range.js";
import { SlowDetector } from "../core/slow-detector.js";
import { DownloadError, InterruptedError } from "../errors.js";
import { type Msg, msg } from "../i18n/msg.js";
import { drain } from "../platform/body.js";
import { first } from "../platform/headers.js";
import { BatchWriter } from "./batch-writer.js";
import { inlineHasher, type StreamHasher, workerHasher } from "./hasher.js";

const MAX_REDIRECTS = 10;
/** From this size on, SHA-256 runs on a worker thread. */
const WORKER_HASH_MIN_BYTES = 64 * 1024 * 1024;

export interface TransferRequest {
	/** `/api/download/models/V?fileId=F` on the configured Civitai origin. */
	apiUrl: string;
	/** The only origin that ever receives the API key. */
	civitaiOrigin: string;
	apiKey: string;
	partPath: string;
	expectedSize: number | undefined;
	slowWindowMs: number;
	speedThresholdBps: number;
	signal: AbortSignal;
	/** Kept across attempts of one item: the last signed storage URL, reused while it works. */
	session: { signedUrl?: string | undefined };
	onProgress?: (bytes: number, bytesPerSecond: number) => void;
	/** Called once the response is accepted, with the offset the body starts at. */
	onStart?: (resumeFrom: number) => void;
}

export interface TransferResult {
	bytes: number;
	/** lowercase hex SHA-256 of the whole partial file */
	sha256: string;
	/** The name from Content-Disposition (filename* first), if the storage sent one. */
	dispositionName: string | undefined;
}

export type Response = Dispatcher.ResponseData & { url: string };

/** Write errors that are the disk's (or the folder's) doing, each with the sentence that says what to do. */
const DISK_MESSAGES: Record<string, (path: string, code: string) => Msg> = {
	ENOSPC: (path) => msg("errDiskFull", { path }),
	EDQUOT: (path) => msg("errDiskFull", { path }),
	EACCES: (path) => msg("errDiskDenied", { path }),
	EPERM: (path) => msg("errDiskDenied", { path }),
	EROFS: (path) => msg("errDiskReadOnly", { path }),
	EISDIR: (path) => msg("errDiskIsDir", { path }),
	ENOTDIR: (path) => msg("errDiskNotDir", { path }),
	EFBIG: (path, code) => msg("errDisk", { path, code }),
	EMFILE: (path, code) => msg("errDisk", { path, code }),
};

/** A write error as a `disk` failure that says what to do, or undefined when it is not one. */
export function diskError(e: unknown, path: string): DownloadError | undefined {
	const code = (e as NodeJS.ErrnoException)?.code;
	const said = code === undefined ? undefined : DISK_MESSAGES[code];
	return said ? new DownloadError("disk", said(path, code!), { cause: e }) : undefined;
}

async function sizeOf(path: string): Promise<number> {
	try {
		return (await stat(path)).size;
	} catch {
		return 0;
	}
}

async function hashPrefix(path: string, length: number, hash: Hash | StreamHasher): Promise<void> {
	if (length <= 0) return;
	for await (const chunk of createReadStream(path, { start: 0, end: length - 1, highWaterMark: 1024 * 1024 })) {
		await hash.update(chunk as Buffer);
	}
}

/** SHA-256 (lowercase hex) of a whole file, streaming. */
export async function hashFile(path: string): Promise<string> {
	const h = createHash("sha256");
	await hashPrefix(path, await sizeOf(path), h);
	return h.digest("hex");
}

export async function get(url: string, headers: Record<string, string>, req: TransferRequest, http: HttpContext): Promise<Response> {
	try {
		const res = await request(url, { method: "GET", headers, dispatcher: http.dispatcher, signal: req.signal });
		return Object.assign(res, { url });
	} catch (e) {
		if (req.signal.aborted) throw new InterruptedError();
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

/**
 * Where a redirect from `url` leads, checked: it has a Location, stays on http(s) (https only when
 * Civitai itself is https), loses any `token=`, and is not Civitai's login page.
 */
async function redirectTarget(res: Response, url: string, req: TransferRequest): Promise<URL> {
	const location = first(res.headers.location);
	await drain(res);
	if (!location) throw new DownloadError("bad_body", msg("errRedirectNoLocation", { status: res.statusCode, host: new URL(url).host }));
	const next = new URL(location, url);
	if (next.origin !== req.civitaiOrigin && carriesKey(location, req.apiKey)) {
		throw new DownloadError("bad_body", msg("errKeyInRedirect", { host: next.host || next.protocol }));
	}
	const civitaiHttps = req.civitaiOrigin.startsWith("https:");
	if (next.protocol !== "https:" && !(next.protocol === "http:" && !civitaiHttps)) {
		throw new DownloadError("bad_body", msg("errRedirectScheme", { target: `${next.protocol}//${next.host}` }));
	}
	next.searchParams.delete("token");
	if (next.origin === req.civitaiOrigin && /^\/login\b/.test(next.pathname)) throw new DownloadError("auth", msg("errLoginRedirect"));
	return next;
}

/**
 * The response that carries the file: the signed URL from an earlier attempt while it works,
 * otherwise a fresh `/api/download` request whose redirects we follow ourselves, sending the key
 * only to the Civitai origin and never as a query parameter.
 */
async function openFile(req: TransferRequest, http: HttpContext, offset: number): Promise<Response> {
	const base: Record<string, string> = { "user-agent": http.userAgent, accept: "*/*", "accept-encoding": "identity" };
	if (offset > 0) base.range = `bytes=${offset}-`;
	if (req.session.signedUrl) {
		const res = await get(req.session.signedUrl, base, req, http);
		if (res.statusCode < 400 || res.statusCode === 416) return res;
		await drain(res); // expired or refused: resolve a fresh one
		req.session.signedUrl = undefined;
	}
	let url = req.apiUrl;
	for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
		const target = new URL(url);
		const toCivitai = target.origin === req.civitaiOrigin;
		const headers = { ...base };
		if (toCivitai && req.apiKey) headers.authorization = `Bearer ${req.apiKey}`;
		const res = await get(url, headers, req, http);
		if (isRedirect(res)) {
			const next = await redirectTarget(res, url, req);
			if (next.origin !== req.civitaiOrigin) req.session.signedUrl = next.href;
			url = next.href;
			continue;
		}
		if (res.statusCode >= 400 && res.statusCode !== 416) {
			const body = await drain(res);
			if (toCivitai) throw errorFromResponse(res.statusCode, body, res.headers, http.clock.now());
			const message = serverMessage(body, first(res.headers["content-type"]));
			const said = msg("errStorage", { host: target.host, status: res.statusCode, message });
			req.session.signedUrl = undefined;
			if (res.statusCode === 429 || res.statusCode === 503) {
				throw new DownloadError("rate_limited", said, { status: res.statusCode });
			}
			throw new DownloadError("network", said, { status: res.statusCode });
		}
		return res;
	}
	throw new DownloadError("bad_body", msg("errTooManyRedirects", { max: MAX_REDIRECTS, url: req.apiUrl.replace(/\?.*/, "") }));
}

/**
 * Ask `/api/download` for the signed storage URL without fetching it: follow Civitai's redirects
 * (the key only to Civitai) and stop at the first URL on another origin. Undefined when Civitai
 * answers with the file itself (no signed URL to share between connections).
 */
export async function resolveSignedUrl(req: TransferRequest, http: HttpContext): Promise<string | undefined> {
	let url = req.apiUrl;
	for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
		const target = new URL(url);
		if (target.origin !== req.civitaiOrigin) {
			req.session.signedUrl = url;
			return url;
		}
		const headers: Record<string, string> = { "user-agent": http.userAgent, accept: "*/*", "accept-encoding": "identity" };
		if (req.apiKey) headers.authorization = `Bearer ${req.apiKey}`;
		const res = await get(url, headers, req, http);
		if (isRedirect(res)) {
			url = (await redirectTarget(res, url, req)).href;
			continue;
		}
		const body = await drain(res);
		if (res.statusCode >= 400) throw errorFromResponse(res.statusCode, body, res.headers, http.clock.now());
		return undefined;
	}
	throw new DownloadError("bad_body", msg("errTooManyRedirects", { max: MAX_REDIRECTS, url: req.apiUrl.replace(/\?.*/, "") }));
}

/** The error a refused storage request (after its body was read) stands for. */
export function storageError(res: Response, body: string): DownloadError {
	const message = serverMessage(body, first(res.headers["content-type"]));
	const said = msg("errStorage", { host: new URL(res.url).host, status: res.statusCode, message });
	return new DownloadError(res.statusCode === 429 || res.statusCode === 503 ? "rate_limited" : "network", said, { status: res.statusCode });
}

/** An error page, JSON or text instead of file bytes. */
export async function notAFile(res: Response): Promise<DownloadError | undefined> {
	const ct = first(res.headers["content-type"]) ?? "";
	if (!/text\/html|application\/json|text\/plain/i.test(ct)) return undefined;
	const body = await drain(res);
	const message = serverMessage(body, ct);
	if (/sign in|log ?in/i.test(body)) return new DownloadError("auth", msg("errLoginPage", { message }));
	return new DownloadError("bad_body", msg("errNotAFile", { contentType: ct.split(";")[0] ?? ct, message }));
}

/** Reject a body that is not the model: an error page, JSON, or the wrong length. */
async function checkBody(res: Response, offset: number, expected: number | undefined): Promise<void> {
	const bad = await notAFile(res);
	if (bad) throw bad;
	if (res.statusCode !== 200 && res.statusCode !== 206) {
		await drain(res);
		throw new DownloadError("bad_body", msg("errUnexpectedStatus", { status: res.statusCode }));
	}
	const length = first(res.headers["content-length"]);
	if (expected !== undefined && length !== undefined) {
		const want = res.statusCode === 206 ? expected - offset : expected;
		if (Number(length) !== want) {
			await drain(res);
			throw new DownloadError("bad_body", msg("errLengthOffered", { offered: length, want }));
		}
	}
}

export function dispositionName(res: Response): string | undefined {
	const cd = first(res.headers["content-disposition"]);
	if (!cd) return undefined;
	try {
		const name = contentDisposition.parse(cd).parameters.filename;
		return typeof name === "string" && name !== "" ? name : undefined;
	} catch {
		return undefined;
	}
}

/**
 * One attempt at bringing the file into `partPath`: resume from its current size with Range, restart
 * from zero when the server ignores Range, hash while streaming (the kept prefix first), and watch
 * the speed on a timer. Throws DownloadError (with the kind) or InterruptedError; the partial file
 * is kept for the next attempt.
 */
export async function transfer(req: TransferRequest, http: HttpContext): Promise<TransferResult> {
	let offset = await sizeOf(req.partPath);
	if (req.expectedSize !== undefined && offset > req.expectedSize) {
		await rm(req.partPath, { force: true });
		offset = 0;
	}
	if (req.expectedSize !== undefined && req.expectedSize > 0 && offset === req.expectedSize) {
		return { bytes: offset, sha256: await hashFile(req.partPath), dispositionName: undefined };
	}
	let res = await openFile(req, http, offset);
	if (res.statusCode === 416) {
		// our offset is past what the server has: start over
		await drain(res);
		await rm(req.partPath, { force: true });
		offset = 0;
		res = await openFile(req, http, 0);
	}
	if (offset > 0 && res.statusCode === 200) offset = 0; // Range ignored: the body is the whole file
	if (res.statusCode === 206) {
		const cr = parseContentRange(first(res.headers["content-range"]));
		if (!cr || cr.start !== offset || (req.expectedSize !== undefined && cr.total !== undefined && cr.total !== req.expectedSize)) {
			await drain(res);
			offset = 0;
			res = await openFile(req, http, 0);
		}
	}
	await checkBody(res, offset, req.expectedSize);
	req.onStart?.(offset);

	// large files hash on a worker thread, overlapping the network and the disk
	const hash = (req.expectedSize ?? 0) >= WORKER_HASH_MIN_BYTES ? workerHasher() : inlineHasher();
	try {
		await hashPrefix(req.partPath, offset, hash);
	} catch (e) {
		hash.close();
		throw e;
	}
	let received = 0;
	const detector = new SlowDetector(req.slowWindowMs, req.speedThresholdBps, http.clock.now());
	let slow: DownloadError | undefined;
	// 4 progress reports a second for the live bars; the slow check runs on the same timer
	const tick = Math.min(250, Math.max(50, Math.floor(req.slowWindowMs / 10)));
	const timer = setInterval(() => {
		const now = http.clock.now();
		if (!slow && detector.isSlow(now, received)) {
			const kib = (detector.rate(now, received) / 1024).toFixed(1);
			slow = new DownloadError(
				"slow",
				msg("errSlow", { thresholdKiB: req.speedThresholdBps / 1024, seconds: req.slowWindowMs / 1000, rateKiB: kib }),
			);
			res.body.destroy(slow);
			return;
		}
		req.onProgress?.(offset + received, detector.rate(now, received));
	}, tick);
	// our own loop instead of pipeline(): on a dropped connection, every byte received so far is
	// still written before we give up, so the next attempt resumes from all of it
	let fh: FileHandle;
	try {
		fh = await open(req.partPath, offset > 0 ? "r+" : "w");
	} catch (e) {
		clearInterval(timer);
		throw diskError(e, req.partPath) ?? e;
	}
	const writer = new BatchWriter(fh, offset);
	let failure: unknown;
	try {
		const room = req.expectedSize === undefined ? Number.POSITIVE_INFINITY : req.expectedSize - offset;
		for await (const chunk of res.body as AsyncIterable<Buffer>) {
			received += chunk.length;
			if (received > room) {
				// more than Civitai lists (an endless body, or the wrong file): stop reading at once
				res.body.destroy();
				break;
			}
			await Promise.all([hash.update(chunk), writer.write(chunk)]);
		}
	} catch (e) {
		failure = e;
	} finally {
		clearInterval(timer);
	}
	try {
		await writer.finish();
	} catch (e) {
		failure ??= e;
	}
	await fh.close().catch(() => {});
	if (failure !== undefined) {
		hash.close();
		if (slow) throw slow;
		if (req.signal.aborted) throw new InterruptedError();
		throw (
			diskError(failure, req.partPath) ?? asNetworkError(failure, (code) => msg("errConnectionLost", { bytes: offset + received, code }))
		);
	}
	const total = offset + received;
	req.onProgress?.(total, 0);
	if (req.expectedSize !== undefined && total !== req.expectedSize) hash.close();
	if (req.expectedSize !== undefined && total < req.expectedSize) {
		throw new DownloadError("network", msg("errClosedEarly", { bytes: total, expected: req.expectedSize }));
	}
	if (req.expectedSize !== undefined && total > req.expectedSize) {
		await rm(req.partPath, { force: true });
		throw new DownloadError("bad_body", msg("errTooLong", { expected: req.expectedSize }));
	}
	return { bytes: total, sha256: await hash.digest(), dispositionName: dispositionName(res) };
}
