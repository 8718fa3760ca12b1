import { CivitaiClient, type HttpContext } from "./civitai/client.js";
import { redBaseOf } from "./civitai/origins.js";
import { disambiguateNumber } from "./civitai/resolve.js";
import type { Category } from "./core/categories.js";
import { failedKeys, failuresLast, failedBefore as isFailedBefore, planRedownload } from "./core/plan.js";
import type { RunSummary } from "./core/summary.js";
import { parseTarget, type Target } from "./core/targets.js";
import type { RunEvent } from "./download/events.js";
import { type RunItem, type RunSettings, runItems } from "./download/run.js";
import { HISTORY_COLUMNS, type HistoryRow, intCell } from "./history/columns.js";
import { type CsvRow, checkWritable } from "./history/csv-file.js";
import { acquireLock, lockPathFor } from "./history/lock.js";
import type { Messages } from "./i18n/en.js";
import { type Lang, messages } from "./i18n/index.js";
import { msg } from "./i18n/msg.js";
import type { Notifier } from "./notify/notifier.js";
import { type Clock, systemClock } from "./platform/clock.js";
import { dispatcherFor } from "./platform/proxy.js";
import { USER_AGENT } from "./version.js";

/** Options shared by `download` and `redownload` when used as a library. */
export interface EngineOptions {
	settings: RunSettings;
	onEvent?: (e: RunEvent) => void;
	signal?: AbortSignal;
	force?: boolean;
	/** false: skip the SHA-256 check (the file is still hashed for the history). */
	verify?: boolean;
	dryRun?: boolean;
	output?: string;
	category?: Category;
	fileId?: number;
	failedOut?: string;
	clock?: Clock;
	/**
	 * undici dispatcher; default: a keep-alive Agent with a 5-minute idle body timeout. For a proxy,
	 * pass `dispatcherFor(proxyFromEnv(process.env))` (the CLI does) and close it afterwards.
	 */
	dispatcher?: HttpContext["dispatcher"];
	/** Webhooks to tell about failures and the end of the run. */
	notifier?: Notifier;
	/**
	 * The history lock (`<history>.lock`) that keeps two processes from writing one history:
	 * how long to wait for another run (default 10 minutes), or false to not lock (you coordinate).
	 */
	lock?: { timeoutMs: number } | false;
	/** The language of event messages, numbers in them, and the failed list's `error` column (default English). */
	lang?: Lang;
	/** The catalogue to word messages with (default: the one of `lang`). */
	messages?: Messages;
	/** Small files downloading at once (`concurrency.small_files`); checkpoints always run alone. Default 1. */
	concurrency?: number;
	/** Range connections per large file (`concurrency.connections_per_file`). Default 1. */
	connections?: number;
	/** Split a file only into segments of at least this many bytes (default 4 MiB). */
	minSegmentBytes?: number;
}

export function createHttp(opts: Pick<EngineOptions, "dispatcher" | "clock"> = {}): HttpContext {
	return {
		dispatcher: opts.dispatcher ?? dispatcherFor(undefined),
		userAgent: USER_AGENT,
		clock: opts.clock ?? systemClock,
	};
}

/**
 * Run with an HTTP context; a dispatcher we created is closed afterwards, so that idle keep-alive
 * connections do not hold the process open after the run.
 */
async function withHttp<T>(opts: EngineOptions, fn: (http: HttpContext) => Promise<T>): Promise<T> {
	const http = createHttp(opts);
	try {
		return await fn(http);
	} finally {
		if (!opts.dispatcher) await http.dispatcher.destroy().catch(() => {});
	}
}

/** Hosts to accept as Civitai besides civitai.com & co.: the configured base URL's (and the red one's). */
export function extraHosts(baseUrl: string, redBaseUrl?: string | null): string[] {
	const u = new URL(baseUrl);
	return [u.host, u.hostname, ...redHosts(redBaseUrl)];
}

/** The configured red origin's host:port: a target there resolves on the red origin. */
export function redHosts(redBaseUrl: string | null | undefined): string[] {
	return redBaseUrl ? [new URL(redBaseUrl).host] : [];
}

/** Parse a target with the run's hosts: the base URL's accepted, civitai.red's and the red URL's marked red. */
export function parseTargetFor(raw: string, settings: Pick<RunSettings, "baseUrl" | "redBaseUrl">): Target {
	const red = redBaseOf(settings);
	return parseTarget(raw, extraHosts(settings.baseUrl), redHosts(red));
}

/** A history row, or a failed-list row with its `error_kind`. */
export type RowIn = HistoryRow & { error_kind?: string };

/**
 * Where rows come from. own: the user's own history, written only by civitai-dl: its paths are
 * used as they are. shared: a CSV given with `--from` (someone else's list, a failed list): a path
 * outside the download folders is ignored with a warning.
 */
export type RowTrust = "own" | "shared";

/**
 * A history/failed-list row → what to download: its version and file when known, else its URL. A
 * `hash_mismatch` row (from `verify --failed-out`) is downloaded even though a file is there.
 * `trust` "shared": the row comes from someone else's CSV, so its `path` is used only inside the
 * download folders (the force then cannot reach anything outside them either).
 */
export function itemFromRow(row: RowIn, baseUrl: string, trust: RowTrust = "own", redBaseUrl?: string | null): RunItem {
	const label = row.filename || row.url || "(row without url)";
	const flags = {
		...(row.error_kind === "hash_mismatch" ? { force: true } : {}),
		...(trust === "shared" ? { untrustedPath: true } : {}),
	};
	const versionId = intCell(row.version_id);
	const settings = { baseUrl, redBaseUrl };
	if (versionId !== undefined && versionId > 0) {
		const fileId = intCell(row.file_id);
		// a row recorded on civitai.red resolves there again
		const site = rowOnRed(row.url, settings) ? { site: "red" as const } : {};
		return { label, row, ...flags, target: { kind: "version", versionId, ...(fileId ? { fileId } : {}), ...site } };
	}
	try {
		return { label, row, ...flags, target: parseTargetFor(row.url, settings) };
	} catch {
		return { label, row, ...flags, targetError: msg("errHistoryUrl", { url: row.url }) };
	}
}

function rowOnRed(url: string, settings: { baseUrl: string; redBaseUrl?: string | null | undefined }): boolean {
	try {
		return parseTargetFor(url, settings).site === "red";
	} catch {
		return false;
	}
}

export function rowFromCsv(r: CsvRow): RowIn {
	const row = Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, (r.cells[c] ?? "").trim()])) as RowIn;
	if (r.cells.error_kind) row.error_kind = r.cells.error_kind.trim();
	return row;
}

/** The metadata client of the red origin, when the settings name one besides the base URL. */
function redClientFor(settings: RunSettings, http: HttpContext): CivitaiClient | undefined {
	const red = redBaseOf(settings);
	return red === undefined ? undefined : new CivitaiClient(red, settings.apiKey, http);
}

async function run(items: RunItem[], opts: EngineOptions, http: HttpContext): Promise<RunSummary> {
	const client = new CivitaiClient(opts.settings.baseUrl, opts.settings.apiKey, http);
	const redClient = redClientFor(opts.settings, http);
	const clock = opts.clock ?? systemClock;
	const signal = opts.signal ?? new AbortController().signal;
	const emit = opts.onEvent ?? (() => {});
	const notifier = opts.dryRun ? undefined : opts.notifier;
	const onEvent = (e: RunEvent) => {
		emit(e);
		if (e.type === "fail" && !e.parked) notifier?.itemFailed(e.name, e.kind, e.message);
	};
	const lockFile = opts.settings.historyFile;
	if (!opts.dryRun) await checkWritable(lockFile);
	const release =
		opts.dryRun || opts.lock === false
			? undefined
			: await acquireLock(lockFile, {
					timeoutMs: opts.lock?.timeoutMs ?? 600_000,
					clock,
					signal,
					command: "civitai-dl",
					onWait: (owner) =>
						emit({
							type: "lock_wait",
							path: lockPathFor(lockFile),
							pid: owner?.pid ?? null,
							timeoutMs: opts.lock ? opts.lock.timeoutMs : 600_000,
						}),
					onStale: (owner) => emit({ type: "lock_stale", path: lockPathFor(lockFile), pid: owner?.pid ?? null }),
					onCompromised: (e) =>
						emit({
							type: "warning",
							message: (opts.messages ?? messages(opts.lang ?? "en")).lockLost({ path: lockPathFor(lockFile), detail: e.message }),
						}),
				});
	let summary: RunSummary;
	try {
		summary = await runItems(items, {
			settings: opts.settings,
			client,
			...(redClient ? { redClient } : {}),
			http,
			clock,
			signal,
			onEvent,
			...(opts.force !== undefined ? { force: opts.force } : {}),
			...(opts.verify !== undefined ? { verify: opts.verify } : {}),
			...(opts.dryRun !== undefined ? { dryRun: opts.dryRun } : {}),
			...(opts.output !== undefined ? { output: opts.output } : {}),
			...(opts.category !== undefined ? { category: opts.category } : {}),
			...(opts.failedOut !== undefined ? { failedOut: opts.failedOut } : {}),
			...(opts.lang !== undefined ? { lang: opts.lang } : {}),
			...(opts.messages !== undefined ? { messages: opts.messages } : {}),
			...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
			...(opts.connections !== undefined ? { connections: opts.connections } : {}),
			...(opts.minSegmentBytes !== undefined ? { minSegmentBytes: opts.minSegmentBytes } : {}),
		});
	} finally {
		await release?.();
	}
	if (notifier?.configured) {
		for (const d of await notifier.finish(summary)) emit({ type: "notify", ...d });
	}
	return summary;
}

/**
 * Download targets (URLs, AIRs, `model:ID`, `version:V`, numbers). Unparseable input and ambiguous
 * bare numbers throw UsageError before anything is downloaded.
 */
export async function download(targets: readonly string[], opts: EngineOptions): Promise<RunSummary> {
	const parsed: Target[] = targets.map((t) => parseTargetFor(t, opts.settings));
	return withHttp(opts, async (http) => {
		const client = new CivitaiClient(opts.settings.baseUrl, opts.settings.apiKey, http);
		const items: RunItem[] = [];
		for (const [i, target] of parsed.entries()) {
			items.push({
				label: targets[i]!,
				target: target.kind === "number" ? await disambiguateNumber(target.id, client, opts.signal) : target,
				...(opts.fileId ? { fileId: opts.fileId } : {}),
			});
		}
		return run(items, opts, http);
	});
}

/**
 * Re-download history rows: de-duplicated and in priority order (checkpoint, lora, embedding, rest).
 * `trust` (default "own"): pass "shared" for rows from a CSV someone else may have written.
 * `failedBefore`: rows of recent failed lists; the items they say failed go to the back, and their
 * failing again while the API answers for them does not count towards the outage breaker.
 */
export async function redownload(
	rows: readonly RowIn[],
	opts: EngineOptions & { ordered?: boolean; trust?: RowTrust; failedBefore?: readonly RowIn[] },
): Promise<RunSummary> {
	const failed = failedKeys(opts.failedBefore ?? []);
	const planned = failuresLast(opts.ordered === false ? [...rows] : planRedownload(rows), failed);
	const items = planned.map((r) => {
		const item = itemFromRow(r, opts.settings.baseUrl, opts.trust, opts.settings.redBaseUrl);
		return isFailedBefore(r, failed) ? { ...item, failedBefore: true } : item;
	});
	return withHttp(opts, (http) => run(items, opts, http));
}
