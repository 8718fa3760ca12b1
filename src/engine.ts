import { stat } from "node:fs/promises";
import { disambiguateNumber } from "./civitai/resolve.js";
import { printable } from "./core/inside-folders.js";
import { failedKeys, failuresLast, failedBefore as isFailedBefore, planRedownload } from "./core/plan.js";
import { parseTargetOn, type Sites, siteOfRow, sitesOf } from "./core/sites.js";
import type { RunSummary } from "./core/summary.js";
import type { Target } from "./core/targets.js";
import type { RunEvent } from "./download/events.js";
import { historyLockOptions } from "./download/locks.js";
import { type RunItem, type RunSettings, runItems } from "./download/run.js";
import type { RunChoices } from "./download/run-context.js";
import { HISTORY_COLUMNS, type HistoryRow, intCell } from "./history/columns.js";
import { type CsvRow, checkWritable } from "./history/csv-file.js";
import { acquireLock } from "./history/lock.js";
import { messages } from "./i18n/index.js";
import { msg } from "./i18n/msg.js";
import { rowsHere } from "./library/entries.js";
import { reportPathFor } from "./library/kept.js";
import type { Notifier } from "./notify/notifier.js";
import type { Clock } from "./platform/clock.js";
import { type HttpContext, withHttp } from "./platform/http.js";
import { Requests } from "./requests/requests.js";
import { USER_AGENT } from "./version.js";

/** Errors that mean a disk is full. */
const DISK_FULL = new Set(["ENOSPC", "EDQUOT"]);

/**
 * Options shared by `download` and `redownload` when used as a library: the run's choices (settings
 * among them: `smallFiles` lanes, `connectionsPerFile`, pacing, ladders) and its surroundings.
 */
export interface EngineOptions extends RunChoices {
	onEvent?: (e: RunEvent) => void;
	signal?: AbortSignal;
	fileId?: number;
	clock?: Clock;
	/**
	 * undici dispatcher; default: a keep-alive Agent with a 5-minute idle body timeout, closed after
	 * the call. For a proxy, pass `dispatcherFor(proxyFromEnv(process.env))` and close it afterwards.
	 */
	dispatcher?: HttpContext["dispatcher"];
	/** The HTTP context to use; it wins over `dispatcher` and is left open. */
	http?: HttpContext;
	/**
	 * The run's way out to Civitai, made by the caller (the CLI makes one per command); it wins over
	 * `http` and `dispatcher`. Absent: one is made from `settings`, its pacing waits reported as `wait` events.
	 */
	requests?: Requests;
	/** Webhooks to tell about failures and the end of the run. */
	notifier?: Notifier;
}

/** Parse a target with the run's sites: the base URL's host accepted, civitai.red's and the red site's marked red. */
export function parseTargetFor(raw: string, settings: Pick<RunSettings, "baseUrl" | "redBaseUrl">): Target {
	return parseTargetOn(sitesOf(settings), raw);
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
export function itemFromRow(row: RowIn, sites: Sites, trust: RowTrust = "own"): RunItem {
	const label = row.filename || row.url || "(row without url)";
	const flags = {
		...(row.error_kind === "hash_mismatch" ? { force: true } : {}),
		...(trust === "shared" ? { untrustedPath: true } : {}),
	};
	const versionId = intCell(row.version_id);
	if (versionId !== undefined && versionId > 0) {
		const fileId = intCell(row.file_id);
		// a row recorded on civitai.red resolves there again
		const site = siteOfRow(sites, row.url).name === "red" ? { site: "red" as const } : {};
		return { label, row, ...flags, target: { kind: "version", versionId, ...(fileId ? { fileId } : {}), ...site } };
	}
	try {
		return { label, row, ...flags, target: parseTargetOn(sites, row.url) };
	} catch {
		return { label, row, ...flags, targetError: msg("errHistoryUrl", { url: row.url }) };
	}
}

export function rowFromCsv(r: CsvRow): RowIn {
	const row = Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, (r.cells[c] ?? "").trim()])) as RowIn;
	if (r.cells.error_kind) row.error_kind = r.cells.error_kind.trim();
	return row;
}

async function run(items: RunItem[], opts: EngineOptions, requests: Requests, emit: (e: RunEvent) => void): Promise<RunSummary> {
	const clock = requests.clock;
	const signal = requests.signal;
	const notifier = opts.dryRun ? undefined : opts.notifier;
	const onEvent = (e: RunEvent) => {
		emit(e);
		if (e.type === "fail" && !e.parked) notifier?.itemFailed(e.name, e.kind, e.message);
	};
	const lockFile = opts.settings.historyFile;
	if (!opts.dryRun) await checkWritable(lockFile);
	// the history lock is taken for each append only (and each file claimed for its download): taken
	// once now, it shows the history can be locked at all, and waits out a run of an older version that
	// holds it for a whole run. The disk holding the history too full for its lock: nothing could be
	// recorded, so every item is parked.
	let historyFull = false;
	if (!opts.dryRun && opts.lock !== false) {
		const release = await acquireLock(lockFile, historyLockOptions(opts, clock, emit, signal)).catch((e: unknown) => {
			if (!DISK_FULL.has((e as NodeJS.ErrnoException | null)?.code ?? "")) throw e;
			historyFull = true;
			return undefined;
		});
		await release?.();
	}
	const summary = await runItems(items, { ...opts, requests, onEvent, ...(historyFull ? { historyFull } : {}) });
	if (notifier?.configured) {
		// the report page beside the history, when one was written (schedule writes it after each run)
		const page = reportPathFor(opts.settings.historyFile);
		const reportPath = (await stat(page).catch(() => undefined))?.isFile() ? page : undefined;
		for (const d of await notifier.finish(summary, reportPath)) emit({ type: "notify", ...d });
	}
	return summary;
}

/**
 * Download targets (URLs, AIRs, `model:ID`, `version:V`, numbers). Unparseable input and ambiguous
 * bare numbers throw UsageError before anything is downloaded.
 */
export async function download(targets: readonly string[], opts: EngineOptions): Promise<RunSummary> {
	const sites = sitesOf(opts.settings);
	const parsed: Target[] = targets.map((t) => parseTargetOn(sites, t));
	return withRequests(opts, async (requests, emit) => {
		const items: RunItem[] = [];
		for (const [i, target] of parsed.entries()) {
			items.push({
				label: targets[i]!,
				target: target.kind === "number" ? await disambiguateNumber(target.id, requests.client(), opts.signal) : target,
				...(opts.fileId ? { fileId: opts.fileId } : {}),
			});
		}
		return run(items, opts, requests, emit);
	});
}

/** The run's gateway over the caller's HTTP (or one made for this call): its pacing waits are the run's `wait` events. */
function withRequests<T>(opts: EngineOptions, fn: (requests: Requests, emit: (e: RunEvent) => void) => Promise<T>): Promise<T> {
	const emit = opts.onEvent ?? (() => {});
	if (opts.requests) return fn(opts.requests, emit);
	return withHttp({ http: opts.http, dispatcher: opts.dispatcher, clock: opts.clock }, USER_AGENT, (http) =>
		fn(
			new Requests({
				http,
				settings: opts.settings,
				signal: opts.signal,
				onPacingWait: (delayMs, item) => emit({ type: "wait", delayMs, reason: "pacing", ...item }),
			}),
			emit,
		),
	);
}

/**
 * Download items already planned (the sources of `get`: a creator's models, a search, an image's
 * models, resolved from the answers that listed them), in their order, with the same engine.
 */
export async function downloadPlanned(items: readonly RunItem[], opts: EngineOptions): Promise<RunSummary> {
	return withRequests(opts, (requests, emit) => run([...items], opts, requests, emit));
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
	// a history written on another system (D:\... read here): each file in its category folder here
	const { downloadPaths } = opts.settings;
	const here = rowsHere(rows, downloadPaths);
	const failed = failedKeys(rowsHere(opts.failedBefore ?? [], downloadPaths).rows);
	const planned = failuresLast(opts.ordered === false ? [...here.rows] : planRedownload(here.rows), failed);
	const sites = sitesOf(opts.settings);
	const items = planned.map((r) => {
		const item = itemFromRow(r, sites, opts.trust);
		return isFailedBefore(r, failed) ? { ...item, failedBefore: true } : item;
	});
	const logged = { ...opts, runLog: opts.runLog ?? { command: "redownload" as const } };
	return withRequests(opts, (requests, emit) => {
		if (here.mapped > 0) {
			const example = printable(rows.find((r, i) => r.path !== here.rows[i]!.path)!.path);
			const m = opts.messages ?? messages(opts.lang ?? "en");
			emit({ type: "warning", message: m.warnForeignPaths({ count: here.mapped, example }) });
		}
		return run(items, logged, requests, emit);
	});
}
