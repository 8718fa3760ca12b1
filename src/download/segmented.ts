import { open, readFile, rm } from "node:fs/promises";
import writeFileAtomic from "write-file-atomic";
import type { HttpContext } from "../civitai/client.js";
import { asNetworkError } from "../civitai/client.js";
import { parseContentRange } from "../core/content-range.js";
import { planSegments, type Segment, segmentLength, validSegments } from "../core/segments.js";
import { SlowDetector } from "../core/slow-detector.js";
import { DownloadError, InterruptedError } from "../errors.js";
import { msg } from "../i18n/msg.js";
import { drain } from "../platform/body.js";
import { first } from "../platform/headers.js";
import {
	diskError,
	dispositionName,
	get,
	hashFile,
	notAFile,
	type Response,
	resolveSignedUrl,
	storageError,
	type TransferRequest,
	type TransferResult,
	transfer,
} from "./transfer.js";

/** The server or Civitai does not do Range on a signed URL: download with one connection instead. */
class NoRanges extends Error {}

export interface SegmentOptions {
	connections: number;
	/** Segments are at least this long (default 4 MiB): small files gain nothing from splitting. */
	minSegmentBytes?: number;
	/** How often one segment retries a dropped connection by itself before the whole attempt fails. */
	segmentRetries?: number;
}

export function statePathFor(partPath: string): string {
	return `${partPath}.segments`;
}

async function readState(path: string, size: number): Promise<Segment[] | undefined> {
	try {
		const j = JSON.parse(await readFile(path, "utf8")) as { size?: unknown; segments?: unknown };
		if (j.size !== size || !Array.isArray(j.segments)) return undefined;
		const segs = j.segments as Segment[];
		return validSegments(size, segs) ? segs : undefined;
	} catch {
		return undefined;
	}
}

/**
 * One attempt at the file with `connections` Range requests against one signed URL, each writing in
 * place into the `.part` file. Progress per segment is kept in `<part>.segments`, so a later attempt
 * (or run) continues every segment where it stopped; a signed URL that expires is resolved again once
 * and shared. The slow rule applies to the total speed. The whole file is hashed before returning.
 * Falls back to one connection when Range is not honoured.
 */
export async function segmentedTransfer(req: TransferRequest, http: HttpContext, opts: SegmentOptions): Promise<TransferResult> {
	const size = req.expectedSize;
	if (size === undefined || size <= 0) return transfer(req, http);
	const statePath = statePathFor(req.partPath);
	let segments = await readState(statePath, size);
	const fresh = segments === undefined;
	segments ??= planSegments(size, opts.connections, opts.minSegmentBytes ?? 4 * 1024 * 1024);
	let fh: Awaited<ReturnType<typeof open>>;
	try {
		fh = await open(req.partPath, fresh ? "w+" : "r+");
		if (fresh) await fh.truncate(size);
	} catch (e) {
		throw diskError(e, req.partPath) ?? e;
	}

	const ac = new AbortController();
	const onOuterAbort = () => ac.abort();
	req.signal.addEventListener("abort", onOuterAbort, { once: true });
	const doneBytes = () => segments.reduce((n, s) => n + s.done, 0);
	const startDone = doneBytes();
	let saving: Promise<void> = Promise.resolve();
	let lastSave = 0;
	const save = (force = false) => {
		const now = Date.now();
		if (!force && now - lastSave < 1000) return saving;
		lastSave = now;
		const text = JSON.stringify({ size, segments });
		saving = saving.then(() => writeFileAtomic(statePath, text).catch(() => {}));
		return saving;
	};
	await save(true);

	const detector = new SlowDetector(req.slowWindowMs, req.speedThresholdBps, http.clock.now());
	let fatal: unknown;
	const fail = (e: unknown) => {
		fatal ??= e;
		ac.abort();
	};
	const tick = Math.min(250, Math.max(50, Math.floor(req.slowWindowMs / 10)));
	const timer = setInterval(() => {
		const now = http.clock.now();
		const received = doneBytes() - startDone;
		if (detector.isSlow(now, received)) {
			const kib = (detector.rate(now, received) / 1024).toFixed(1);
			fail(
				new DownloadError(
					"slow",
					msg("errSlow", { thresholdKiB: req.speedThresholdBps / 1024, seconds: req.slowWindowMs / 1000, rateKiB: kib }),
				),
			);
			return;
		}
		req.onProgress?.(doneBytes(), detector.rate(now, received));
	}, tick);

	// one fresh signed URL at a time, shared by every segment
	let refreshing: Promise<string | undefined> | undefined;
	const refresh = (stale: string | undefined) => {
		if (req.session.signedUrl !== stale && req.session.signedUrl) return Promise.resolve(req.session.signedUrl);
		refreshing ??= resolveSignedUrl({ ...req, signal: ac.signal }, http).finally(() => {
			refreshing = undefined;
		});
		return refreshing;
	};
	let started = false;
	let disposition: string | undefined;
	const base = { "user-agent": http.userAgent, accept: "*/*", "accept-encoding": "identity" };

	async function openRange(from: number, to: number): Promise<Response> {
		for (let round = 0; round < 2; round++) {
			const url = req.session.signedUrl ?? (await refresh(undefined));
			if (!url) throw new NoRanges();
			const res = await get(url, { ...base, range: `bytes=${from}-${to}` }, { ...req, signal: ac.signal }, http);
			if (res.statusCode >= 400) {
				const body = await drain(res);
				if (res.statusCode === 403 && round === 0) {
					// expired or refused: one fresh signed URL for everyone, then try again
					await refresh(url);
					continue;
				}
				throw storageError(res, body);
			}
			const bad = await notAFile(res);
			if (bad) throw bad;
			if (res.statusCode === 200) {
				res.body.destroy();
				throw new NoRanges();
			}
			const cr = parseContentRange(first(res.headers["content-range"]));
			const length = first(res.headers["content-length"]);
			if (
				res.statusCode !== 206 ||
				!cr ||
				cr.start !== from ||
				cr.end !== to ||
				(cr.total !== undefined && cr.total !== size) ||
				(length !== undefined && Number(length) !== to - from + 1)
			) {
				await drain(res);
				throw new DownloadError("bad_body", msg("errRangeOffered", { offered: length ?? "?", from, to }));
			}
			return res;
		}
		throw new NoRanges();
	}

	async function runSegment(seg: Segment): Promise<void> {
		let retries = 0;
		while (seg.done < segmentLength(seg) && !ac.signal.aborted) {
			let pos = seg.start + seg.done;
			try {
				const res = await openRange(pos, seg.end);
				disposition ??= dispositionName(res);
				if (!started) {
					started = true;
					req.onStart?.(startDone);
				}
				for await (const chunk of res.body as AsyncIterable<Buffer>) {
					const room = seg.end + 1 - pos;
					const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
					try {
						await fh.write(piece, 0, piece.length, pos);
					} catch (e) {
						throw diskError(e, req.partPath) ?? e;
					}
					pos += piece.length;
					seg.done += piece.length;
					void save();
					if (pos > seg.end) break;
				}
				if (seg.done < segmentLength(seg)) throw new DownloadError("network", msg("errClosedEarly", { bytes: pos, expected: seg.end + 1 }));
			} catch (e) {
				if (ac.signal.aborted || e instanceof NoRanges) throw e;
				const err = asNetworkError(e, (code) => msg("errConnectionLost", { bytes: pos, code }));
				// a dropped connection is this segment's problem: resume it a few times by itself
				if (err instanceof DownloadError && err.kind === "network" && err.status === undefined && retries < (opts.segmentRetries ?? 5)) {
					retries++;
					await save(true);
					await new Promise((r) => setTimeout(r, 200 * retries));
					continue;
				}
				throw err;
			}
		}
	}

	try {
		await Promise.all(segments.filter((s) => s.done < segmentLength(s)).map((s) => runSegment(s).catch(fail)));
	} finally {
		clearInterval(timer);
		req.signal.removeEventListener("abort", onOuterAbort);
		await save(true);
		await fh.close().catch(() => {});
	}
	if (req.signal.aborted) throw new InterruptedError();
	if (fatal instanceof NoRanges) {
		// one connection it is: start that over cleanly
		await rm(statePath, { force: true });
		await rm(req.partPath, { force: true });
		return transfer(req, http);
	}
	if (fatal !== undefined) {
		if (fresh && doneBytes() === 0) {
			// refused before a byte arrived: leave no empty partial file behind
			await rm(statePath, { force: true });
			await rm(req.partPath, { force: true });
		}
		throw fatal;
	}
	req.onProgress?.(size, 0);
	const sha256 = await hashFile(req.partPath);
	await rm(statePath, { force: true });
	return { bytes: size, sha256, dispositionName: disposition };
}
