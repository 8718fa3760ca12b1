import { stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { Dispatcher } from "undici";
import type { Settings } from "../config/load.js";
import { BY_HASH_BATCH, distinctHashes, importCandidates, recordedElsewhere } from "../core/import-plan.js";
import { checkRunLine } from "../core/run-log.js";
import { asSha256 } from "../core/sha256.js";
import { appendHistoryRows, checkWritable } from "../history/csv-file.js";
import { acquireLock } from "../history/lock.js";
import type { Messages } from "../i18n/en.js";
import { type Lang, messages } from "../i18n/index.js";
import { recordedFiles } from "../library/read.js";
import { appendRunLog } from "../library/run-log.js";
import { type Clock, systemClock } from "../platform/clock.js";
import { type HttpContext, withHttp } from "../platform/http.js";
import { Requests } from "../requests/requests.js";
import { USER_AGENT } from "../version.js";
import type { FailedLookup, HashedFile, IdentifiedFile, ImportEvent, ImportResult } from "./events.js";
import { HashCache } from "./hash-cache.js";
import { hashAll } from "./hashing.js";
import { type LookupResult, lookUp } from "./lookup.js";
import { importRow } from "./rows.js";
import { completionsOf, type ImportSidecars, type SidecarCount, type SidecarJob, writeJobs } from "./sidecars.js";
import { findModelFiles } from "./walk.js";

export interface ImportOptions {
	/** Where the history is, the folders, the origins and the key, the retry ladder, the lock's patience. */
	settings: Pick<Settings, "apiKey" | "baseUrl" | "downloadPaths" | "historyFile" | "retryDelaysMs" | "lockTimeoutMs"> & {
		/** The civitai.red origin, asked after `baseUrl` for hashes the batch did not return. */
		redBaseUrl?: string | null;
		/** The ladder for network failures (default 10/30/90 s). */
		networkRetryDelaysMs?: readonly number[] | undefined;
		/** The pause between lookup requests (default 1 s). */
		lookupPauseMs?: number | undefined;
	};
	/** Show what would be recorded; write no history row and no sidecar (the hash cache is still kept). */
	dryRun?: boolean;
	onEvent?: (e: ImportEvent) => void;
	/**
	 * Sidecar files (`import` with sidecars on): the missing ones are written next to each identified
	 * file from the version answer that identified it, and next to each file the history already
	 * records in the folders (an import stopped on the way is finished by the next). A sidecar problem
	 * is a warning; the file stays recorded.
	 */
	sidecars?: ImportSidecars;
	signal?: AbortSignal;
	clock?: Clock;
	/** The HTTP context to use (the CLI passes its one); else one is made for this call (over `dispatcher` if given). */
	http?: HttpContext;
	dispatcher?: Dispatcher;
	/** Hashes per batch request (default and most 100, Civitai's limit). */
	batchSize?: number;
	/** The hash cache (default `<history>.hashcache.json`). */
	cacheFile?: string;
	/** The history lock while rows are written: how long to wait (default the settings'), or false to not lock. */
	lock?: { timeoutMs: number } | false;
	lang?: Lang;
	messages?: Messages;
}

/** Where `import` keeps the hashes it computed: beside the history. */
export function hashCachePathFor(historyFile: string): string {
	return `${historyFile}.hashcache.json`;
}

/**
 * Adopt model files already on disk: find those in `folders` (default: every category folder) that
 * the history does not record, hash them (cached by path, size and mtime), identify them on Civitai
 * by SHA-256, and record one history row per identified file where it is. Unknown files are reported,
 * never guessed.
 */
export async function importLibrary(folders: readonly string[], opts: ImportOptions): Promise<ImportResult> {
	const clock = opts.clock ?? systemClock;
	const m = opts.messages ?? messages(opts.lang ?? "en");
	const emit = opts.onEvent ?? (() => {});
	const { settings } = opts;
	const started = clock.now();
	if (!opts.dryRun) await checkWritable(settings.historyFile);
	const roots = await existingFolders(folders.length > 0 ? folders.map((f) => resolve(f)) : Object.values(settings.downloadPaths));
	const found = await findModelFiles(roots, (path, code) => emit({ type: "warning", message: m.warnImportUnreadable({ path, code }) }));
	const recorded = await recordedFiles(settings.historyFile, settings.downloadPaths);
	const candidates = importCandidates(found, new Set(recorded.keys()));
	const sidecars = opts.dryRun ? undefined : opts.sidecars;
	const completing = sidecars
		? await completionsOf(found, recorded, sidecars.kinds, new URL(settings.baseUrl).origin)
		: { local: [], lookup: [] };
	emit({ type: "import_scan", folders: roots, files: found.length, candidates: candidates.length });
	const cacheFile = opts.cacheFile ?? hashCachePathFor(settings.historyFile);
	const { cache, damaged } = await HashCache.load(cacheFile);
	if (damaged) emit({ type: "warning", message: m.warnImportCache({ path: cacheFile }) });
	// recorded files whose row has no hash are hashed with the new ones (the cache keeps both)
	const unhashed = completing.lookup.filter((f) => f.sha256 === "");
	const all = await hashAll([...candidates, ...unhashed], { cache, clock, emit, signal: opts.signal });
	const hashed = all.hashed.slice(0, candidates.length);
	const recordedHashes = new Map([
		...completing.lookup.map((f) => [f.path, f.sha256] as const),
		...all.hashed.slice(candidates.length).map((h) => [h.path, h.sha256] as const),
	]);
	const asked = [...hashed.map((h) => h.sha256), ...[...recordedHashes.values()]];
	return withHttp({ http: opts.http, dispatcher: opts.dispatcher, clock }, USER_AGENT, async (http) => {
		const answers = asked.length === 0 ? { found: new Map(), failed: new Map() } : await lookUpWith(asked, opts, http, m, emit);
		const result = sortOut(hashed, answers, found.length, emit);
		if (!opts.dryRun && result.identified.length > 0) result.recorded = await record(result.identified, opts, clock, emit, m);
		let count: SidecarCount | undefined;
		if (sidecars) {
			const jobs = [...result.identified, ...completing.local, ...answered(recordedHashes, answers)];
			count = await writeJobs(jobs, sidecars.kinds, { http, signal: opts.signal, imageOrigins: sidecars.imageOrigins }, emit, m);
			if ([...recordedHashes.values()].some((h) => answers.failed.has(h))) result.lookupsFailed = true;
		}
		if (!opts.dryRun) await logRun(result, folders, { ...opts, clock, m, emit, startedAtMs: started });
		emit({
			type: "import_done",
			files: found.length,
			identified: result.identified.length,
			unknown: result.unknown.length,
			failed: result.failed.length,
			recorded: result.recorded,
			hashedFiles: all.fresh,
			cachedFiles: all.hashed.length - all.fresh,
			dryRun: opts.dryRun === true,
			...(count ? { sidecars: count.files, sidecarModels: count.models } : {}),
			elapsedMs: clock.now() - started,
		});
		return result;
	});
}

/** The recorded files whose hash Civitai answered: each one's sidecar job. */
function answered(recordedHashes: ReadonlyMap<string, string>, answers: LookupResult): SidecarJob[] {
	return [...recordedHashes].flatMap(([path, sha256]) => {
		const hit = answers.found.get(sha256);
		return hit ? [{ path, version: hit.version, fileId: hit.id.fileId, sha256, origin: hit.origin }] : [];
	});
}

/** The folders that exist, each once (a category folder not made yet holds nothing to import). */
async function existingFolders(folders: readonly string[]): Promise<string[]> {
	const out: string[] = [];
	for (const f of new Set(folders)) if ((await stat(f).catch(() => undefined))?.isDirectory()) out.push(f);
	return out;
}

async function lookUpWith(
	hashes: readonly string[],
	opts: ImportOptions,
	http: HttpContext,
	m: Messages,
	emit: (e: ImportEvent) => void,
): Promise<LookupResult> {
	// import downloads nothing: its pacing is the lookups' (`lookupPauseMs`, 1 s by default)
	const requests = new Requests({ http, settings: { ...opts.settings, sleepMs: 0 }, signal: opts.signal });
	return lookUp(distinctHashes(hashes), {
		requests,
		batchSize: Math.min(BY_HASH_BATCH, Math.max(1, opts.batchSize ?? BY_HASH_BATCH)),
		emit,
		m,
	});
}

/** Each file: identified, failed, or unknown to Civitai (one event each). */
function sortOut(hashed: readonly HashedFile[], answers: LookupResult, files: number, emit: (e: ImportEvent) => void): ImportResult {
	const result: ImportResult = { files, identified: [], unknown: [], failed: [], recorded: 0, lookupsFailed: answers.failed.size > 0 };
	for (const h of hashed) {
		const hit = answers.found.get(h.sha256);
		const miss = answers.failed.get(h.sha256);
		if (hit) {
			const file: IdentifiedFile = { ...h, ...hit.id, origin: hit.origin, version: hit.version };
			result.identified.push(file);
			const { version: _v, ...shown } = file;
			emit({ type: "identified", ...shown });
		} else if (miss) {
			const file: FailedLookup = { ...h, ...miss };
			result.failed.push(file);
			emit({ type: "lookup_failed", ...file });
		} else {
			result.unknown.push(h);
			emit({ type: "unknown", ...h });
		}
	}
	return result;
}

/** Append the rows under the history lock, leaving out any path another run recorded meanwhile. */
async function record(
	files: readonly IdentifiedFile[],
	opts: ImportOptions,
	clock: Clock,
	emit: (e: ImportEvent) => void,
	m: Messages,
): Promise<number> {
	const { historyFile, downloadPaths, lockTimeoutMs } = opts.settings;
	const release =
		opts.lock === false
			? undefined
			: await acquireLock(historyFile, {
					timeoutMs: opts.lock?.timeoutMs ?? lockTimeoutMs,
					clock,
					...(opts.signal ? { signal: opts.signal } : {}),
					command: "civitai-dl import",
					onCompromised: (e) => emit({ type: "warning", message: m.lockLost({ path: `${historyFile}.lock`, detail: e.message }) }),
				});
	try {
		const recorded = await recordedFiles(historyFile, downloadPaths);
		const now = new Date(clock.now());
		const fresh: IdentifiedFile[] = [];
		for (const f of files.filter((f) => !recorded.has(f.path))) {
			const original = await firstFile(recordedElsewhere(f, recorded));
			if (original === undefined) {
				fresh.push(f);
				// two copies found by this import: the first is the one recorded
				recorded.set(f.path, { url: "", sha256: asSha256(f.sha256) ?? "", versionId: f.versionId, fileId: f.fileId });
			} else emit({ type: "warning", message: m.warnImportCopy({ path: f.path, original }) });
		}
		const rows = fresh.map((f) => importRow(f, now));
		if (rows.length > 0) await appendHistoryRows(historyFile, rows);
		return rows.length;
	} finally {
		await release?.();
	}
}

/** The first of `paths` that is a file on disk now (a recorded original that was moved or deleted is not). */
async function firstFile(paths: readonly string[]): Promise<string | undefined> {
	for (const p of paths) if ((await stat(p).catch(() => undefined))?.isFile()) return p;
	return undefined;
}

/** The import's line in the run log next to the history: what it looked at, identified, and the lookups that failed. */
async function logRun(
	result: ImportResult,
	folders: readonly string[],
	o: ImportOptions & { clock: Clock; m: Messages; emit: (e: ImportEvent) => void; startedAtMs: number },
): Promise<void> {
	const failures = result.failed.map((f) => ({ name: basename(f.path), kind: f.kind, message: f.reason }));
	const line = checkRunLine("import", {
		startedAtMs: o.startedAtMs,
		elapsedMs: o.clock.now() - o.startedAtMs,
		exitCode: result.lookupsFailed ? 1 : 0,
		checked: result.files,
		found: result.identified.length,
		failures,
		rerun: failures.length > 0 ? [["import", ...folders.map((f) => resolve(f))]] : [],
	});
	const lock =
		o.lock === false
			? false
			: { clock: o.clock, timeoutMs: o.lock?.timeoutMs ?? o.settings.lockTimeoutMs, ...(o.signal ? { signal: o.signal } : {}) };
	const warning = await appendRunLog(o.settings.historyFile, line, lock, o.m);
	if (warning) o.emit({ type: "warning", message: warning });
}
