// What `outdated` and `update` do (their registration is updates.ts): loaded only when one of them runs.
import { basename } from "node:path";
import type { LoadedSettings } from "../../config/load.js";
import { formatBytes } from "../../core/format.js";
import { dedupeHistory } from "../../core/plan.js";
import { namesOf } from "../../core/prompt-plan.js";
import { checkRunLine } from "../../core/run-log.js";
import { exitCodeFor } from "../../core/summary.js";
import { cleanText } from "../../core/text.js";
import { type ListedVersion, type NotListed, type Outdated, planUpdate } from "../../core/updates.js";
import { type RowIn, redownload } from "../../engine.js";
import { UsageError, wordsOf } from "../../errors.js";
import { intlLocale } from "../../i18n/index.js";
import { msg } from "../../i18n/msg.js";
import { keepOutdated, keptOutdatedPathFor } from "../../library/kept.js";
import { appendRunLog } from "../../library/run-log.js";
import { folderOf, targetOf, updateRow } from "../../library/updates.js";
import { Requests } from "../../requests/requests.js";
import { type CheckReport, checkForUpdates } from "../../updates/check.js";
import { confirm } from "../confirm.js";
import { type Ctx, jsonLine, warn } from "../context.js";
import { notifierFor, readRows, rendererFor, rowsReadHere, runEngineOptions, settingsFor } from "../context-run.js";
import type { CommonOpts } from "../options.js";
import type { OutdatedOpts, UpdateOpts } from "./updates.js";

/** Ask every site about the history's models (paced batches, through the gateway). */
async function check(ctx: Ctx, opts: CommonOpts, loaded: LoadedSettings): Promise<CheckReport<RowIn>> {
	const { settings } = loaded;
	const rows = rowsReadHere(ctx, opts, dedupeHistory(await readRows(ctx, opts, settings.historyFile)), settings);
	if (rows.length === 0) throw new UsageError(msg("cliEmptyHistory", { path: settings.historyFile }));
	const requests = new Requests({ http: await ctx.http(), settings, signal: ctx.io.signal });
	const report = await checkForUpdates(rows, {
		requests,
		ignoreModels: settings.ignoreModels,
		ignoreVersions: settings.ignoreVersions,
		onRetry: (r) => {
			const reason = wordsOf(r.error, ctx.m);
			const line = ctx.m.outdatedRetry({
				origin: r.origin,
				retry: r.retry,
				max: r.max,
				seconds: r.delayMs / 1000,
				reason,
			});
			if (!opts.quiet) warn(ctx, opts, cleanText(line));
		},
	});
	if (report.withoutModelId > 0) warn(ctx, opts, ctx.m.warnNoModelId({ count: report.withoutModelId }));
	// what was found is kept for `report` (the newer versions beside each card)
	if (report.checked > 0) {
		const path = keptOutdatedPathFor(settings.historyFile);
		await keepOutdated(settings.historyFile, report.outdated, ctx.clock.now()).catch((e: unknown) =>
			warn(ctx, opts, ctx.m.warnKeep({ path, reason: wordsOf(e, ctx.m) })),
		);
	}
	return report;
}

/** The check's line in the run log: outdated's, or update's when it downloaded nothing (a download run writes its own). */
async function logCheck(
	ctx: Ctx,
	opts: CommonOpts,
	command: "outdated" | "update",
	report: CheckReport<RowIn>,
	run: { startedAtMs: number; settings: LoadedSettings["settings"] },
): Promise<void> {
	const failures = report.failures.map((f) => ({ name: f.origin, kind: f.error.kind, message: wordsOf(f.error, ctx.m) }));
	const line = checkRunLine(command, {
		startedAtMs: run.startedAtMs,
		elapsedMs: ctx.clock.now() - run.startedAtMs,
		exitCode: ctx.result.code,
		checked: report.checked,
		found: report.outdated.length,
		failures,
		rerun: failures.length > 0 ? [[command]] : [],
	});
	const lock = { clock: ctx.clock, timeoutMs: run.settings.lockTimeoutMs, signal: ctx.io.signal };
	const warning = await appendRunLog(run.settings.historyFile, line, lock, ctx.m);
	if (warning) warn(ctx, opts, warning);
}

function versionLabel(v: { id: number; name?: string | null | undefined }): string {
	return v.name ? `${v.name} (#${v.id})` : `#${v.id}`;
}

/** The lookups that failed: one line each on stderr (or an NDJSON error event); exit 1. */
function reportFailures(ctx: Ctx, opts: CommonOpts, report: CheckReport<RowIn>): void {
	for (const f of report.failures) {
		const line = cleanText(ctx.m.errUpdateLookup({ origin: f.origin, reason: wordsOf(f.error, ctx.m) }));
		if (opts.json) jsonLine(ctx, { type: "error", origin: f.origin, kind: f.error.kind, message: line });
		else ctx.io.stderr.write(`civitai-dl: ${line}\n`);
	}
	if (report.failures.length > 0) ctx.result.code = 1;
}

/** A model's line; a second when the newest version is for another base model and an older newer one is for yours. */
function outdatedLines(ctx: Ctx, o: Outdated<RowIn>): string[] {
	const unknown = "?";
	const lines = [
		ctx.m.outdatedLine({
			name: o.name,
			have: versionLabel(o.have),
			newest: versionLabel(o.newest),
			date: o.newest.publishedAt?.slice(0, 10) ?? unknown,
			base: o.newest.baseModel ?? unknown,
			changed: o.baseModelChanged,
			haveBase: o.have.baseModel ?? unknown,
		}),
	];
	const same = o.newestSameBase;
	if (o.baseModelChanged && same) {
		const date = same.publishedAt?.slice(0, 10) ?? unknown;
		lines.push(ctx.m.outdatedSameBaseLine({ name: o.name, version: versionLabel(same), date, base: o.have.baseModel ?? unknown }));
	}
	return lines.map((l) => cleanText(l));
}

const versionEvent = (v: ListedVersion) => ({
	id: v.id,
	name: v.name ?? null,
	baseModel: v.baseModel ?? null,
	publishedAt: v.publishedAt ?? null,
});

/** One outdated model as an NDJSON event (and the webhook's JSON). */
export function outdatedEvent(o: Outdated<RowIn>) {
	return {
		type: "outdated_model",
		modelId: o.modelId,
		name: o.name,
		origin: o.origin,
		have: o.have,
		newest: versionEvent(o.newest),
		baseModelChanged: o.baseModelChanged,
		// what `update` takes by default: the newest for your base model (null: none is newer than yours)
		newestSameBase: o.newestSameBase ? versionEvent(o.newestSameBase) : null,
		path: o.row.path || null,
	};
}

/** What the history calls a model Civitai no longer lists: its file's name, else its path or URL. */
function fileOf(n: NotListed<RowIn>): string {
	return n.row.filename || (n.row.path ? basename(n.row.path) : n.row.url);
}

function notListedLine(ctx: Ctx, n: NotListed<RowIn>): string {
	return cleanText(ctx.m.outdatedNotListed({ modelId: n.modelId, file: fileOf(n) }));
}

/** A model Civitai did not list, as an NDJSON event. */
function notListedEvent(n: NotListed<RowIn>) {
	return { type: "not_listed_model", modelId: n.modelId, origin: n.origin, file: fileOf(n), path: n.row.path || null };
}

/** `outdated`: the history's models that have a newer version, one line each (or NDJSON). */
export async function runOutdated(ctx: Ctx, opts: OutdatedOpts): Promise<void> {
	const { io, m } = ctx;
	const startedAtMs = ctx.clock.now();
	const loaded = await settingsFor(ctx, opts);
	const report = await check(ctx, opts, loaded);
	const counts = {
		checked: report.checked,
		outdated: report.outdated.length,
		upToDate: report.upToDate,
		notFound: report.notFound,
		requests: report.requests,
	};
	if (opts.json) {
		for (const o of report.outdated) jsonLine(ctx, outdatedEvent(o));
		for (const n of report.notListed) jsonLine(ctx, notListedEvent(n));
	} else {
		for (const o of report.outdated) for (const line of outdatedLines(ctx, o)) io.stdout.write(`${line}\n`);
		if (opts.verbose && !opts.quiet) for (const n of report.notListed) io.stdout.write(`${notListedLine(ctx, n)}\n`);
	}
	ctx.result.code = 0;
	reportFailures(ctx, opts, report);
	await logCheck(ctx, opts, "outdated", report, { startedAtMs, settings: loaded.settings });
	if (report.outdated.length > 0 && loaded.settings.webhooks.length > 0) {
		for (const d of await (await notifierFor(ctx, loaded.settings, opts.notify)).outdated(report.outdated.map(outdatedEvent))) {
			if (opts.json) jsonLine(ctx, { type: "notify", ...d });
			else if (!d.ok) io.stderr.write(`${m.notifyNotSent({ hook: d.hook, attempts: d.attempts, reason: d.reason ?? "" })}\n`);
		}
	}
	if (opts.json) {
		const summary = {
			type: "outdated_summary",
			...counts,
			ignored: report.ignored,
			withoutModelId: report.withoutModelId,
			failedOrigins: report.failures.map((f) => f.origin),
		};
		jsonLine(ctx, summary);
	} else if (!opts.quiet) {
		if (report.ignored > 0) io.stdout.write(`${m.outdatedIgnored({ count: report.ignored })}\n`);
		io.stdout.write(`${m.outdatedSummary({ ...counts, named: opts.verbose === true })}\n`);
	}
}

type Plan = ReturnType<typeof planUpdate<RowIn>>;

/**
 * What update will do: plain lines (each version and the file it goes to with `--dry-run`, and before
 * the question), or NDJSON `update_plan` events and a summary.
 */
function showPlan(ctx: Ctx, opts: UpdateOpts, plan: Plan, settings: LoadedSettings["settings"]): void {
	const { io, m } = ctx;
	const locale = intlLocale(ctx.lang);
	if (opts.json) {
		for (const o of plan.take) {
			const event = { type: "update_plan", modelId: o.modelId, name: o.name, versionId: o.version.id, version: o.version.name ?? null };
			jsonLine(ctx, {
				...event,
				dir: folderOf(o, settings.downloadPaths),
				path: targetOf(o, settings.downloadPaths),
				sizeBytes: o.version.sizeBytes ?? null,
			});
		}
		const summary = { type: "update_plan_summary", count: plan.take.length, sizeBytes: plan.sizeBytes, unknownSize: plan.unknownSize };
		jsonLine(ctx, { ...summary, otherBase: plan.otherBase, dryRun: opts.dryRun === true });
		return;
	}
	if (plan.otherBase > 0 && !opts.quiet) io.stdout.write(`${m.updateOtherBase({ count: plan.otherBase })}\n`);
	if (plan.take.length === 0) io.stdout.write(`${m.updateNothing()}\n`);
	else if (opts.dryRun || (!opts.yes && io.stdin.isTTY === true)) {
		for (const o of plan.take) {
			const size = o.version.sizeBytes === undefined ? "?" : formatBytes(o.version.sizeBytes, locale);
			const line = m.updatePlanLine({ name: o.name, version: versionLabel(o.version), path: targetOf(o, settings.downloadPaths), size });
			io.stdout.write(`${cleanText(line)}\n`);
		}
		if (opts.dryRun) {
			const total = { count: plan.take.length, size: formatBytes(plan.sizeBytes, locale), unknown: plan.unknownSize };
			io.stdout.write(`${m.updatePlanTotal(total)}\n`);
		}
	}
}

/** `update`: download the newer versions `outdated` finds, into the old ones' folders. */
export async function runUpdate(ctx: Ctx, opts: UpdateOpts): Promise<void> {
	const { io, m } = ctx;
	const startedAtMs = ctx.clock.now();
	const loaded = await settingsFor(ctx, opts);
	const report = await check(ctx, opts, loaded);
	const logged = { startedAtMs, settings: loaded.settings };
	reportFailures(ctx, opts, report);
	if (report.failures.length > 0) return logCheck(ctx, opts, "update", report, logged);
	const plan = planUpdate(report.outdated, opts.allBaseModels === true);
	ctx.result.code = 0;
	showPlan(ctx, opts, plan, loaded.settings);
	if (opts.dryRun) return;
	if (plan.take.length === 0) return logCheck(ctx, opts, "update", report, logged);
	const counts = { count: plan.take.length, size: formatBytes(plan.sizeBytes, intlLocale(ctx.lang)), unknown: plan.unknownSize };
	if (!opts.yes) {
		if (io.stdin.isTTY !== true) throw new UsageError(msg("cliUpdateNoTerminal", counts));
		// the question names the versions it asks about (issue 27, point 4)
		const named = namesOf(plan.take.map((o) => cleanText(`${o.name} ${o.newest.name ?? `#${o.newest.id}`}`)));
		if (!(await confirm(m.updateConfirm({ ...counts, ...named }), io, io.signal))) {
			io.stdout.write(`${m.cliNothingDownloaded()}\n`);
			return;
		}
	}
	const r = rendererFor(ctx, opts);
	try {
		const runLog = { command: "update" as const, check: { checked: report.checked, found: report.outdated.length } };
		const summary = await redownload(plan.take.map(updateRow), {
			...(await runEngineOptions(ctx, opts, loaded, r.onEvent)),
			trust: "own",
			runLog,
		});
		ctx.result.code = exitCodeFor(summary);
		ctx.result.summary = summary;
	} finally {
		r.close();
	}
}
