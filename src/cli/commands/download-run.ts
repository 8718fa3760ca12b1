// What `get` and `redownload` do (their registration is download.ts): loaded only when one of them runs.
import { resolve } from "node:path";
import type { LoadedSettings } from "../../config/load.js";
import { formatBytes } from "../../core/format.js";
import { dedupeHistory } from "../../core/plan.js";
import { redownloadPlan } from "../../core/prompt-plan.js";
import { exitCodeFor, type RunSummary } from "../../core/summary.js";
import { cleanText } from "../../core/text.js";
import { recentFailedLists } from "../../download/failed-list.js";
import { fileSize } from "../../download/placement.js";
import { download, type EngineOptions, parseTargetFor, type RowIn, redownload, rowFromCsv } from "../../engine.js";
import { UsageError } from "../../errors.js";
import { MAX_LIST_BYTES, readCsv } from "../../history/csv-file.js";
import { intlLocale } from "../../i18n/index.js";
import { msg } from "../../i18n/msg.js";
import { confirm } from "../confirm.js";
import type { Ctx } from "../context.js";
import { readRows, rendererFor, runEngineOptions, sayWhereWithoutConfig, settingsFor } from "../context-run.js";
import type { DownloadOpts } from "../options.js";
import { type GetOpts, sourcesOf, usesSources, withStdin } from "./get-sources.js";

/** The run's engine options, and what only get and redownload take: where files go and which. */
export async function engineOptions(
	ctx: Ctx,
	opts: DownloadOpts,
	loaded: LoadedSettings,
	onEvent: EngineOptions["onEvent"],
): Promise<EngineOptions> {
	return {
		...(await runEngineOptions(ctx, opts, loaded, onEvent)),
		...(opts.force ? { force: true } : {}),
		...(opts.dryRun ? { dryRun: true } : {}),
		...(opts.output !== undefined ? { output: resolve(ctx.io.cwd, opts.output) } : {}),
		...(opts.type !== undefined ? { category: opts.type } : {}),
		...(opts.fileId !== undefined ? { fileId: opts.fileId } : {}),
	};
}

/** Run with the right display, and make sure the terminal is restored whatever happens. */
async function withDisplay(
	ctx: Ctx,
	opts: DownloadOpts,
	loaded: LoadedSettings,
	run: (onEvent: EngineOptions["onEvent"]) => Promise<RunSummary>,
): Promise<void> {
	sayWhereWithoutConfig(ctx, opts, loaded);
	const r = rendererFor(ctx, opts);
	try {
		const summary = await run(r.onEvent);
		ctx.result.code = exitCodeFor(summary);
		ctx.result.summary = summary;
	} finally {
		r.close();
	}
}

/** `get <target...>`: plain targets as always; a source (a creator, favorites:, an image, `-`, a listing option) through sources-run.ts. */
export async function runGet(ctx: Ctx, targets: string[], opts: GetOpts): Promise<void> {
	const loaded = await settingsFor(ctx, opts);
	const given = sourcesOf(await withStdin(ctx, targets), loaded.settings);
	if (targets.includes("-") || usesSources(given, opts)) return (await import("./sources-run.js")).runSourcesGet(ctx, given, opts, loaded);
	await withDisplay(ctx, opts, loaded, async (onEvent) => download(targets, await engineOptions(ctx, opts, loaded, onEvent)));
}

/**
 * The rows of the failed lists of recent runs beside the history (unreadable ones left out): the items
 * that failed there go to the back of this run (issue 25, finding 4).
 */
async function recentFailures(ctx: Ctx, history: string): Promise<RowIn[]> {
	const rows: RowIn[] = [];
	for (const path of await recentFailedLists(history, ctx.clock.now())) {
		// found, not named: never through a link, never a FIFO or a device, never past MAX_LIST_BYTES
		const read = await readCsv(path, { maxBytes: MAX_LIST_BYTES, ownOnly: true }).catch(() => undefined);
		if (read) rows.push(...read.rows.map(rowFromCsv));
	}
	return rows;
}

/**
 * Ask before `redownload all` what it will download (issue 27, point 4): the items whose file is not
 * there with its recorded size, counted and a few named. Nothing to download: nothing to ask. No
 * terminal: refused, naming --yes (exit 2).
 */
async function confirmRedownload(ctx: Ctx, opts: DownloadOpts, rows: readonly RowIn[], history: string): Promise<boolean> {
	const relocated = opts.output !== undefined || opts.type !== undefined;
	const sizes = await Promise.all(rows.map((r) => (r.path ? fileSize(r.path) : undefined)));
	const plan = redownloadPlan(rows, sizes, relocated);
	if (plan.count === 0) return true; // everything is there: the run only skips
	const counts = { ...plan, size: formatBytes(plan.bytes, intlLocale(ctx.lang)) };
	if (ctx.io.stdin.isTTY !== true) throw new UsageError(msg("cliNoTerminal", counts));
	const names = plan.names.map((n) => cleanText(n));
	return confirm(ctx.m.cliConfirm({ ...counts, names, path: history }), ctx.io, ctx.io.signal);
}

/** `redownload <target> | all | --from <csv>`. */
export async function runRedownload(ctx: Ctx, target: string | undefined, opts: DownloadOpts): Promise<void> {
	const { m } = ctx;
	if ((target === undefined) === (opts.from === undefined)) throw new UsageError(msg("cliRedownloadArgs"));
	const loaded = await settingsFor(ctx, opts);
	const history = loaded.settings.historyFile;
	if (opts.from !== undefined) {
		// someone else's list (or a failed list): its paths are kept only inside the download folders
		const path = resolve(ctx.io.cwd, opts.from);
		const rows = await readRows(ctx, opts, path, true);
		if (rows.length === 0) throw new UsageError(msg("cliNoRows", { path }));
		const failedBefore = [...rows, ...(await recentFailures(ctx, history))];
		await withDisplay(ctx, opts, loaded, async (onEvent) =>
			redownload(rows, { ...(await engineOptions(ctx, opts, loaded, onEvent)), ordered: false, trust: "shared", failedBefore }),
		);
		return;
	}
	if (target === "all") {
		const rows = dedupeHistory(await readRows(ctx, opts, history));
		if (rows.length === 0) throw new UsageError(msg("cliEmptyHistory", { path: history }));
		if (!opts.yes && !opts.force && !opts.dryRun && !(await confirmRedownload(ctx, opts, rows, history))) {
			ctx.io.stdout.write(`${m.cliNothingDownloaded()}\n`);
			ctx.result.code = 0;
			return;
		}
		const failedBefore = await recentFailures(ctx, history);
		await withDisplay(ctx, opts, loaded, async (onEvent) =>
			redownload(rows, { ...(await engineOptions(ctx, opts, loaded, onEvent)), failedBefore }),
		);
		return;
	}
	// one target: its history row if it has one (keeps the recorded folder), else the target itself
	const parsed = parseTargetFor(target!, loaded.settings);
	const rows = dedupeHistory(await readRows(ctx, opts, history));
	const match = rows.filter((r) => {
		const v = Number(r.version_id);
		if (parsed.kind === "version") return v === parsed.versionId && (parsed.fileId === undefined || Number(r.file_id) === parsed.fileId);
		if (parsed.kind === "model") return Number(r.model_id) === parsed.modelId && (parsed.versionId === undefined || v === parsed.versionId);
		return v === parsed.id;
	});
	await withDisplay(ctx, opts, loaded, async (onEvent) => {
		const eo = { ...(await engineOptions(ctx, opts, loaded, onEvent)), force: true };
		return match.length > 0 ? redownload(match, eo) : download([target!], eo);
	});
}
