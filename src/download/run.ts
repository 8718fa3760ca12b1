import { CLOSED_BREAKER } from "../core/outage.js";
import type { RunSummary } from "../core/summary.js";
import { emptySummary, stoppedAfter, tally } from "../core/summary.js";
import { intCell } from "../history/columns.js";
import { intlLocale, messages } from "../i18n/index.js";
import { BatchLookups, planBatches } from "./batch-resolve.js";
import { executeItems } from "./executor.js";
import { FailedList } from "./failed-list.js";
import { RunFolders } from "./folders.js";
import { HistoryWriter } from "./history-writer.js";
import { LaneGate } from "./lanes.js";
import { noteItemEnd } from "./outage-breaker.js";
import { PathClaims } from "./placement.js";
import type { RunContext, RunItem, RunOptions } from "./run-context.js";

export type { RunItem, RunOptions, RunSettings } from "./run-context.js";

function contextFor(items: readonly RunItem[], opts: RunOptions): RunContext {
	const { settings, requests } = opts;
	const { clock, signal } = requests;
	const lang = opts.lang ?? "en";
	const summary = emptySummary(items.length);
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
		claims: new PathClaims(),
		folders: new RunFolders(settings),
		history: new HistoryWriter(settings.historyFile),
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
	await executeItems(ctx, items);
	const failedListPath =
		ctx.failed.size > 0 && !opts.dryRun ? await ctx.failed.write(opts.failedOut, opts.settings.historyFile, new Date(startedAt)) : null;
	ctx.emit({ type: "run_end", elapsedMs: ctx.clock.now() - startedAt, failedListPath });
	ctx.emit({ type: "summary", summary: ctx.summary });
	return ctx.summary;
}
