import { CLOSED_BREAKER } from "../core/outage.js";
import { downloadRunLine, rerunFailedList } from "../core/run-log.js";
import type { RunSummary } from "../core/summary.js";
import { emptySummary, exitCodeFor, stoppedAfter, tally } from "../core/summary.js";
import { WriteError, wordsOf } from "../errors.js";
import { intCell } from "../history/columns.js";
import { acquireLock } from "../history/lock.js";
import { intlLocale, messages } from "../i18n/index.js";
import { appendRunLog } from "../library/run-log.js";
import { FolderCases } from "../platform/folder-case.js";
import { BatchLookups, planBatches } from "./batch-resolve.js";
import { executeItems } from "./executor.js";
import { FailedList, FailedListError } from "./failed-list.js";
import { RunFolders } from "./folders.js";
import { HistoryWriter } from "./history-writer.js";
import { LaneGate } from "./lanes.js";
import { historyLockOptions } from "./locks.js";
import { noteItemEnd } from "./outage-breaker.js";
import { PathClaims } from "./placement.js";
import type { RunContext, RunItem, RunLogChoice, RunOptions } from "./run-context.js";

export type { RunItem, RunOptions, RunSettings } from "./run-context.js";

function contextFor(items: readonly RunItem[], opts: RunOptions): RunContext {
	const { settings, requests } = opts;
	const { clock, signal } = requests;
	const lang = opts.lang ?? "en";
	const summary = emptySummary(items.length);
	const cases = new FolderCases();
	const emit: RunContext["emit"] = (e) => {
		tally(summary, e);
		// a success shows Civitai is there: the outage breaker starts counting again
		if (e.type === "done") noteItemEnd(ctx, "succeeded");
		opts.onEvent(e);
	};
	const ctx: RunContext = {
		opts,
		clock,
		signal,
		m: opts.messages ?? messages(lang),
		locale: intlLocale(lang),
		total: items.length,
		requests: opts.requests,
		emit,
		summary,
		stop: (reason) => {
			if (stoppedAfter(summary.stoppedBy, reason) !== summary.stoppedBy) emit({ type: "stopped", reason });
		},
		cases,
		claims: new PathClaims(cases),
		sameFiles: new Map(),
		folders: new RunFolders(settings),
		// the history lock for each append (group commits: one lock for the rows that finished meanwhile)
		history: new HistoryWriter(settings.historyFile, {
			cases,
			downloadPaths: settings.downloadPaths,
			lock:
				opts.lock === false || opts.dryRun
					? undefined
					: { take: () => acquireLock(settings.historyFile, historyLockOptions(opts, clock, emit)) },
		}),
		failed: new FailedList(),
		gate: new LaneGate(opts.dryRun ? 1 : Math.max(1, settings.smallFiles ?? 1)),
		segments: { connections: settings.connectionsPerFile ?? 1, minSegmentBytes: opts.minSegmentBytes ?? 4 * 1024 * 1024 },
		breaker: CLOSED_BREAKER,
		repairs: { paused: false },
	};
	ctx.lookups = new BatchLookups(planBatches(items, opts.requests.sites.red !== undefined), opts.requests);
	return ctx;
}

/**
 * Write the failed list; one that cannot be written (a full disk beside the history) is a warning
 * naming it, and the run still ends with its summary (the failures were each reported).
 */
/** The failed list's path, or null when it could not be written (a warning says why). */
async function writeFailedList(ctx: RunContext, startedAt: Date): Promise<string | null> {
	const { opts } = ctx;
	try {
		return await ctx.failed.write(opts.failedOut, opts.settings.historyFile, startedAt);
	} catch (e) {
		if (!(e instanceof FailedListError)) throw e;
		const code = e.systemCode;
		// a link at the name (`--failed-out` naming one) is refused in the words that say so
		if (code === undefined && e.cause instanceof WriteError) ctx.emit({ type: "warning", message: wordsOf(e.cause, ctx.m) });
		else if (code !== undefined) ctx.emit({ type: "warning", message: ctx.m.warnFailedList({ path: e.path, code }) });
		else throw e; // not the file system's doing: a bug of ours
		return null;
	}
}

/**
 * Run items: resolve, skip what is already there, download on paced request slots, retry
 * rate-limited failures on the ladder, park everything on the daily quota, and write history rows
 * and the failed list. The summary is the fold of the run's events.
 */
export async function runItems(items: readonly RunItem[], opts: RunOptions): Promise<RunSummary> {
	const ctx = contextFor(items, opts);
	const startedAt = ctx.clock.now();
	ctx.emit({
		type: "run_start",
		total: items.length,
		items: items.map((it, i) => ({
			index: i + 1,
			name: it.row?.filename || it.label,
			category: it.row?.model_type || "",
			sizeBytes: intCell(it.row?.size_bytes) ?? null,
		})),
	});
	if (opts.historyFull) {
		ctx.emit({ type: "warning", message: ctx.m.warnHistoryDiskFull({ path: opts.settings.historyFile }) });
		ctx.stop("disk");
	}
	await executeItems(ctx, items);
	const failedListPath = ctx.failed.size > 0 && !opts.dryRun ? await writeFailedList(ctx, new Date(startedAt)) : null;
	const rerun = failedListPath === null ? null : rerunFailedList(failedListPath, opts.again);
	ctx.emit({ type: "run_end", elapsedMs: ctx.clock.now() - startedAt, failedListPath, rerun });
	if (!opts.dryRun && opts.runLog !== false) await logRun(ctx, startedAt, opts.runLog);
	ctx.emit({ type: "summary", summary: ctx.summary });
	return ctx.summary;
}

/**
 * The run's line in the run log, written while the engine still holds the history lock (before the
 * summary, so that a warning about it is not after the last event). None when the history's disk is
 * full: nothing could be recorded there.
 */
async function logRun(ctx: RunContext, startedAtMs: number, choice: RunLogChoice | undefined): Promise<void> {
	if (ctx.opts.historyFull) return;
	const line = downloadRunLine(choice?.command ?? "get", ctx.summary, {
		startedAtMs,
		exitCode: exitCodeFor(ctx.summary),
		...(choice?.check ? { check: choice.check } : {}),
	});
	const warning = await appendRunLog(ctx.opts.settings.historyFile, line, false, ctx.m);
	if (warning) ctx.emit({ type: "warning", message: warning });
}
