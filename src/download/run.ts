import { mkdir, rename, rm, stat, statfs } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { CivitaiClient, HttpContext } from "../civitai/client.js";
import { type ResolvedItem, resolveTarget } from "../civitai/resolve.js";
import type { Settings } from "../config/load.js";
import { type Category, parseCategory } from "../core/categories.js";
import { partFileName, safeFileName } from "../core/file-name.js";
import { formatBytes } from "../core/format.js";
import { decideRetry } from "../core/retry-policy.js";
import { type RunSummary, successRate } from "../core/summary.js";
import type { Target } from "../core/targets.js";
import { DownloadError, type ErrorKind, InterruptedError, UsageError, wordsOf } from "../errors.js";
import { emptyRow, type FailedRow, type HistoryRow, intCell, localTimestamp } from "../history/columns.js";
import { appendHistoryRows, FAILED_COLUMNS, readCsv, writeCsv } from "../history/csv-file.js";
import { en, type Messages } from "../i18n/en.js";
import { type Msg, msg } from "../i18n/msg.js";
import type { Clock } from "../platform/clock.js";
import type { RunEvent } from "./events.js";
import { LaneGate } from "./lanes.js";
import { segmentedTransfer, statePathFor } from "./segmented.js";
import { diskError, hashFile, type TransferRequest, transfer } from "./transfer.js";

/** Raised in a lane when another lane stopped the run (quota, full disk): this item is parked. */
class Parked extends Error {}

/** One thing to download: a target to resolve, or an already resolved item, maybe from a history row. */
export interface RunItem {
	label: string;
	target?: Target;
	/** Why `target` is missing (an unparseable history URL): the item fails with this message. */
	targetError?: Msg;
	/** Download even when the file is there (a verify failed list: the file there is broken). */
	force?: boolean;
	resolved?: ResolvedItem;
	fileId?: number;
	/** The history or failed-list row it came from. */
	row?: HistoryRow;
}

/** The settings a run needs (see config/load.ts for their meaning and defaults). */
export type RunSettings = Pick<
	Settings,
	"baseUrl" | "apiKey" | "downloadPaths" | "historyFile" | "sleepMs" | "retryDelaysMs" | "speedThresholdBps" | "slowWindowMs"
>;

export interface RunOptions {
	settings: RunSettings;
	client: CivitaiClient;
	http: HttpContext;
	clock: Clock;
	signal: AbortSignal;
	onEvent: (e: RunEvent) => void;
	force?: boolean;
	verify?: boolean;
	dryRun?: boolean;
	/** Put every file here instead of the category folder. */
	output?: string;
	/** Override the category (folder) of every item. */
	category?: Category;
	/** Where to write the failed list; default: next to the history, named with the run's start time. */
	failedOut?: string;
	/** The language of messages in events and the failed list (default English). */
	messages?: Messages;
	/** Small files (not checkpoints) downloading at once (default 1). */
	concurrency?: number;
	/** Range connections per large file (default 1). */
	connections?: number;
	/** A file is split only into segments of at least this many bytes (default 4 MiB). */
	minSegmentBytes?: number;
}

interface Placed {
	resolved: ResolvedItem;
	category: Category;
	dir: string;
	name: string;
	path: string;
}

function compactStamp(d: Date): string {
	return localTimestamp(d).replace(/[-:]/g, "").replace(" ", "-");
}

/** Free bytes for an unprivileged user on the file system holding `dir`; undefined when unknown. */
async function freeBytes(dir: string): Promise<number | undefined> {
	try {
		const s = await statfs(dir);
		return s.bavail * s.bsize;
	} catch {
		return undefined;
	}
}

/** Bytes a (possibly sparse) partial file really occupies; 0 when there is none. */
async function allocatedBytes(path: string): Promise<number> {
	try {
		const s = await stat(path);
		return s.blocks >= 0 ? Math.min(s.size, s.blocks * 512) : s.size;
	} catch {
		return 0;
	}
}

/** Write errors that mean the disk itself is full: the run stops instead of failing every item left. */
const DISK_FULL = new Set(["ENOSPC", "EDQUOT"]);

async function fileSize(path: string): Promise<number | undefined> {
	try {
		const s = await stat(path);
		return s.isFile() ? s.size : undefined;
	} catch {
		return undefined;
	}
}

function historyRow(p: Placed, sha256: string, bytes: number, now: Date, url: string): HistoryRow {
	return {
		timestamp: localTimestamp(now),
		model_type: p.category,
		url,
		filename: p.name,
		model_id: String(p.resolved.modelId || ""),
		version_id: String(p.resolved.versionId),
		file_id: String(p.resolved.fileId),
		size_bytes: String(bytes),
		sha256: sha256.toUpperCase(),
		path: p.path,
	};
}

/**
 * Run items in order, one at a time: resolve, skip what is already there, wait the pacing after each
 * completed download, retry rate-limited failures on the ladder (resuming the partial), fail others
 * at once, park everything on the daily quota, and write history rows and the failed list.
 */
export async function runItems(items: readonly RunItem[], opts: RunOptions): Promise<RunSummary> {
	const { settings, clock, signal, onEvent: emit } = opts;
	const m = opts.messages ?? en;
	const startedAt = clock.now();
	const summary: RunSummary = {
		total: items.length,
		succeeded: 0,
		skipped: 0,
		failed: 0,
		parked: 0,
		retries: 0,
		successfulRetries: 0,
		successRate: null,
		bytes: 0,
		elapsedMs: 0,
		stoppedBy: null,
		failedListPath: null,
		failures: [],
	};
	const failedRows: (FailedRow & { index: number })[] = [];
	const claimed = new Map<string, string>();
	let lastCompletedAt: number | undefined;

	emit({
		type: "run_start",
		total: items.length,
		items: items.map((it, i) => ({
			index: i + 1,
			name: it.row?.filename || it.label,
			category: it.row?.model_type || "",
			sizeBytes: intCell(it.row?.size_bytes) ?? null,
		})),
	});

	function fail(index: number, item: RunItem, p: Placed | undefined, kind: ErrorKind, message: string, parked: boolean) {
		const name = p?.name ?? (item.row?.filename || item.label);
		if (parked) summary.parked++;
		else summary.failed++;
		summary.failures.push({ name, kind, message });
		const row: HistoryRow = item.row ? { ...item.row } : emptyRow();
		if (p) {
			Object.assign(row, {
				model_type: p.category,
				url: p.resolved.downloadUrl,
				filename: p.name,
				model_id: String(p.resolved.modelId || ""),
				version_id: String(p.resolved.versionId),
				file_id: String(p.resolved.fileId),
				size_bytes: p.resolved.sizeBytes === undefined ? row.size_bytes : String(p.resolved.sizeBytes),
				sha256: p.resolved.sha256 ?? row.sha256,
				path: p.path,
			});
		} else if (!row.url) row.url = item.label;
		row.timestamp = localTimestamp(new Date(clock.now()));
		failedRows.push({ ...row, error_kind: kind, error: message, index });
		emit({ type: "fail", index, name, kind, message, parked });
	}

	/** Run `fn`, retrying rate-limited failures on the ladder. `retries` counts across the item. */
	async function withRetries<T>(index: number, name: string, state: { retries: number }, fn: () => Promise<T>): Promise<T> {
		for (;;) {
			try {
				return await fn();
			} catch (e) {
				if (signal.aborted) throw new InterruptedError();
				if (!(e instanceof DownloadError)) throw e;
				const d = decideRetry(e, state.retries, settings.retryDelaysMs);
				if (!d.retry) throw e;
				state.retries++;
				summary.retries++;
				pausedUntil = Math.max(pausedUntil, clock.now() + d.delayMs);
				emit({
					type: "retry",
					index,
					name,
					retry: state.retries,
					maxRetries: settings.retryDelaysMs.length,
					delayMs: d.delayMs,
					kind: e.kind,
					reason: wordsOf(e, m),
				});
				await clock.sleep(d.delayMs, signal);
			}
		}
	}

	/** Two different files must never land on one path in a run: the second is refused. */
	function claim(path: string, key: string): void {
		const owner = claimed.get(path);
		if (owner !== undefined && owner !== key) {
			throw new DownloadError("other", msg("errSamePath", { path }));
		}
		claimed.set(path, key);
	}

	async function place(item: RunItem, resolved: ResolvedItem): Promise<Placed> {
		const category = opts.category ?? resolved.category;
		const recordedDir = item.row?.path ? dirname(item.row.path) : undefined;
		const dir = opts.output ?? recordedDir ?? settings.downloadPaths[category];
		const name = safeFileName(resolved.fileName, `${resolved.versionId}-${resolved.fileId}.bin`);
		return { resolved, category, dir, name, path: join(dir, name) };
	}

	/** A rate-limit answer on any lane pauses every lane's next request to Civitai. */
	let pausedUntil = 0;
	async function politeness(): Promise<void> {
		for (let wait = pausedUntil - clock.now(); wait > 0; wait = pausedUntil - clock.now()) await clock.sleep(wait, signal);
	}
	/** Pacing: the next download request waits `sleepMs` after the last completed download. */
	async function pace(): Promise<void> {
		await politeness();
		if (summary.stoppedBy !== null) throw new Parked(); // another lane hit the quota or a full disk
		for (;;) {
			const wait = lastCompletedAt === undefined ? 0 : settings.sleepMs - (clock.now() - lastCompletedAt);
			if (wait <= 0) return;
			emit({ type: "wait", delayMs: wait, reason: "pacing" });
			await clock.sleep(wait, signal);
		}
	}
	const segmentOptions = { connections: opts.connections ?? 1, minSegmentBytes: opts.minSegmentBytes ?? 4 * 1024 * 1024 };
	/** Several connections for a file big enough, unless a one-connection partial is already there. */
	async function useSegments(partPath: string, size: number | undefined): Promise<boolean> {
		if (segmentOptions.connections <= 1 || size === undefined || size < 2 * segmentOptions.minSegmentBytes) return false;
		return (await fileSize(partPath)) === undefined || (await fileSize(statePathFor(partPath))) !== undefined;
	}
	// History rows go out in group commits: rows that finish while one append+fsync is under way are
	// written together by the next one. Each caller still waits until its own row is on disk.
	const queued: { row: HistoryRow; done: (e?: unknown) => void }[] = [];
	let flushing = false;
	function record(row: HistoryRow): Promise<void> {
		return new Promise((resolve, reject) => {
			queued.push({ row, done: (e) => (e === undefined ? resolve() : reject(e)) });
			if (!flushing) void flush();
		});
	}
	async function flush(): Promise<void> {
		flushing = true;
		while (queued.length > 0) {
			const batch = queued.splice(0);
			try {
				await appendHistoryRows(
					settings.historyFile,
					batch.map((b) => b.row),
				);
				for (const b of batch) b.done();
			} catch (e) {
				const err = diskError(e, settings.historyFile) ?? e;
				for (const b of batch) b.done(err);
			}
		}
		flushing = false;
	}
	const parkedWhy = (): [ErrorKind, string] =>
		summary.stoppedBy === "quota"
			? ["quota", m.parkedQuota()]
			: summary.stoppedBy === "disk"
				? ["disk", m.parkedDisk()]
				: ["other", m.parkedInterrupted()];

	/**
	 * Refuse to start a file that cannot fit: the bytes still to come (the API's size minus what the
	 * partial already holds on disk) against the free space of the target's file system. `--force`
	 * does not override this. Skipped where the platform cannot tell the free space. A folder where
	 * the file should go is refused here too.
	 */
	async function preflight(p: Placed, partPath: string, expected: number | undefined): Promise<void> {
		// a folder under the file's name: fail now, not after the whole download
		if ((await stat(p.path).catch(() => undefined))?.isDirectory()) throw new DownloadError("disk", msg("errDiskIsDir", { path: p.path }));
		if (expected === undefined) return;
		const free = await freeBytes(p.dir);
		if (free === undefined) return;
		const need = expected - (await allocatedBytes(partPath));
		if (need > free) {
			const locale = m === en ? "en-US" : "ja-JP";
			throw new DownloadError(
				"disk",
				msg("errNoSpace", { name: p.name, dir: p.dir, need: formatBytes(need, locale), free: formatBytes(free, locale) }),
			);
		}
	}

	/** The paths the history already records (read once, when first needed). */
	let recorded: Promise<Set<string>> | undefined;
	function recordedPaths(): Promise<Set<string>> {
		recorded ??= readCsv(settings.historyFile).then(
			(r) => new Set(r.rows.map((x) => (x.cells.path ?? "").trim()).filter(Boolean)),
			() => new Set<string>(),
		);
		return recorded;
	}

	/** One item, start to end: resolve, skip, download, verify, record. Never throws a typed failure. */
	async function processItem(i: number, item: RunItem, lane: { large: boolean }): Promise<void> {
		const index = i + 1;
		let placed: Placed | undefined;
		const state = { retries: 0 };
		try {
			// a history row that names its file and size: skip without asking the network
			const row = item.row;
			const recordedSize = intCell(row?.size_bytes);
			const force = opts.force === true || item.force === true;
			if (!force && row?.path && recordedSize !== undefined && !opts.output && !opts.category) {
				if ((await fileSize(row.path)) === recordedSize) {
					summary.skipped++;
					if (opts.dryRun) {
						emit({
							type: "plan",
							index,
							name: basename(row.path),
							category: row.model_type,
							action: "skip",
							path: row.path,
							sizeBytes: recordedSize,
						});
					} else emit({ type: "skip", index, name: basename(row.path), path: row.path, reason: "exists" });
					return;
				}
			}
			if (!item.target && !item.resolved) throw new DownloadError("other", item.targetError ?? msg("errNoTarget", { label: item.label }));
			const resolved =
				item.resolved ??
				(await withRetries(index, item.label, state, async () => {
					await politeness();
					return resolveTarget(item.target!, opts.client, { fileId: item.fileId, signal, baseUrl: settings.baseUrl });
				}));
			placed = await place(item, resolved);
			let p = placed;
			const key = `${resolved.versionId}:${resolved.fileId}`;
			claim(p.path, key);
			const existing = await fileSize(p.path);
			const expected = resolved.sizeBytes;
			let there = !force && existing !== undefined && (expected === undefined || existing === expected);
			if (there && !opts.dryRun && !item.row && !(await recordedPaths()).has(p.path)) {
				// there but never recorded: a run killed between the rename and its history row, or a file
				// put there by hand. Record it if it is the right file; download it again if it is not.
				const sha256 = (await hashFile(p.path)).toUpperCase();
				if (resolved.sha256 === undefined || sha256 === resolved.sha256) {
					await record(historyRow(p, sha256, existing!, new Date(clock.now()), resolved.downloadUrl));
					(await recordedPaths()).add(p.path);
				} else there = false;
			}
			if (there) {
				summary.skipped++;
				if (opts.dryRun)
					emit({ type: "plan", index, name: p.name, category: p.category, action: "skip", path: p.path, sizeBytes: expected ?? null });
				else emit({ type: "skip", index, name: p.name, path: p.path, reason: "exists" });
				return;
			}
			if (opts.dryRun) {
				emit({ type: "plan", index, name: p.name, category: p.category, action: "download", path: p.path, sizeBytes: expected ?? null });
				return;
			}
			// a checkpoint found in a small lane (a `get` target of unknown type) waits to run alone
			if (!lane.large && resolved.category === "checkpoint") {
				await gate.upgrade();
				lane.large = true;
			}
			await pace();
			try {
				await mkdir(p.dir, { recursive: true });
			} catch (e) {
				throw diskError(e, p.dir) ?? e;
			}
			const partPath = join(p.dir, partFileName(p.name));
			const session: { signedUrl?: string } = {};
			await preflight(p, partPath, expected);
			const segmented = await useSegments(partPath, expected);
			const result = await withRetries(index, p.name, state, () =>
				(segmented ? (r: TransferRequest, h: HttpContext) => segmentedTransfer(r, h, segmentOptions) : transfer)(
					{
						apiUrl: resolved.downloadUrl,
						civitaiOrigin: new URL(settings.baseUrl).origin,
						apiKey: settings.apiKey,
						partPath,
						expectedSize: expected,
						slowWindowMs: settings.slowWindowMs,
						speedThresholdBps: settings.speedThresholdBps,
						signal,
						session,
						onStart: (resumeFrom) =>
							emit({
								type: "item_start",
								index,
								total: items.length,
								name: p.name,
								category: p.category,
								url: resolved.downloadUrl,
								path: p.path,
								sizeBytes: expected ?? null,
								resumeFrom,
							}),
						onProgress: (bytes, bps) =>
							emit({ type: "progress", index, name: p.name, bytes, totalBytes: expected ?? null, bytesPerSecond: bps }),
					},
					opts.http,
				),
			);
			// the API gave no name: take the one the storage sends (filename* first), made safe
			if (!resolved.fileNameFromApi && result.dispositionName) {
				const name = safeFileName(result.dispositionName, p.name);
				const path = join(p.dir, name);
				claim(path, key);
				placed = p = { ...p, name, path };
			}
			const verified = opts.verify !== false && resolved.sha256 !== undefined;
			if (verified && result.sha256.toUpperCase() !== resolved.sha256) {
				await rm(partPath, { force: true });
				await rm(statePathFor(partPath), { force: true });
				throw new DownloadError(
					"hash_mismatch",
					msg("errHashMismatch", { name: p.name, expected: resolved.sha256 ?? "", got: result.sha256.toUpperCase() }),
				);
			}
			try {
				await rename(partPath, p.path);
			} catch (e) {
				throw diskError(e, p.path) ?? e;
			}
			lastCompletedAt = clock.now();
			// a re-downloaded row keeps its URL so that it and its older rows stay one item
			const url = item.row?.url || resolved.downloadUrl;
			const entry = historyRow(p, result.sha256, result.bytes, new Date(clock.now()), url);
			await record(entry);
			summary.succeeded++;
			summary.bytes += result.bytes;
			if (state.retries > 0) summary.successfulRetries++;
			emit({
				type: "done",
				index,
				name: p.name,
				path: p.path,
				bytes: result.bytes,
				sha256: result.sha256.toUpperCase(),
				verified,
				retries: state.retries,
			});
		} catch (e) {
			if (e instanceof InterruptedError || signal.aborted) {
				summary.stoppedBy = "interrupt";
				fail(index, item, placed, "other", m.errInterrupted(), true);
				return;
			}
			if (e instanceof Parked) {
				fail(index, item, placed, ...parkedWhy(), true);
				return;
			}
			if (e instanceof UsageError) {
				fail(index, item, placed, "other", wordsOf(e, m), false);
				return;
			}
			if (!(e instanceof DownloadError)) throw e;
			fail(index, item, placed, e.kind, wordsOf(e, m), false);
			if (e.kind === "quota" || (e.kind === "disk" && DISK_FULL.has((e.cause as NodeJS.ErrnoException | undefined)?.code ?? ""))) {
				summary.stoppedBy ??= e.kind === "quota" ? "quota" : "disk";
			}
		}
	}

	// checkpoints alone (first, as planned); everything else up to `concurrency` at a time
	const gate = new LaneGate(opts.dryRun ? 1 : Math.max(1, opts.concurrency ?? 1));
	const started = new Set<number>();
	const running = new Set<Promise<void>>();
	let unexpected: unknown;
	const stopping = () => signal.aborted || summary.stoppedBy !== null || unexpected !== undefined;
	for (let i = 0; i < items.length && !stopping(); i++) {
		const item = items[i]!;
		const known = opts.category ?? parseCategory(item.row?.model_type ?? "");
		const lane = { large: known === "checkpoint" };
		await gate.enter(lane.large);
		if (stopping()) {
			gate.leave(lane.large);
			break;
		}
		started.add(i);
		const run: Promise<void> = processItem(i, item, lane)
			.catch((e) => {
				unexpected ??= e;
			})
			.finally(() => {
				gate.leave(lane.large);
				running.delete(run);
			});
		running.add(run);
	}
	while (running.size > 0) await Promise.all([...running]);
	if (unexpected !== undefined) throw unexpected;
	// park whatever was not started
	if (summary.stoppedBy !== null || signal.aborted) {
		summary.stoppedBy ??= "interrupt";
		const [kind, why] = parkedWhy();
		for (const [i, item] of items.entries()) if (!started.has(i)) fail(i + 1, item, undefined, kind, why, true);
	}
	failedRows.sort((a, b) => a.index - b.index);
	if (failedRows.length > 0 && !opts.dryRun) {
		const path = opts.failedOut ?? join(dirname(settings.historyFile), `failed-${compactStamp(new Date(startedAt))}.csv`);
		await writeCsv(
			path,
			FAILED_COLUMNS,
			failedRows.map(({ index: _, ...row }) => row),
		);
		summary.failedListPath = path;
	}
	summary.successRate = successRate(summary.succeeded, summary.failed);
	summary.elapsedMs = clock.now() - startedAt;
	emit({ type: "summary", summary });
	return summary;
}
