// `get` with sources (a creator, favorites:, an image, --all-versions, `-`) and `search --get` (issue 28):
// expand the sources, show what they name, confirm a large list, and run the engine on it.

import type { LoadedSettings } from "../../config/load.js";
import { libraryIndex } from "../../core/image-resources.js";
import { needsConfirmation } from "../../core/listing.js";
import { namesOf } from "../../core/prompt-plan.js";
import { exitCodeFor } from "../../core/summary.js";
import { cleanText } from "../../core/text.js";
import { downloadPlanned } from "../../engine.js";
import { UsageError } from "../../errors.js";
import { msg } from "../../i18n/msg.js";
import { Requests } from "../../requests/requests.js";
import { gatewayParts, type SourceDeps } from "../../sources/deps.js";
import { type Expanded, expandSources, type GivenSource } from "../../sources/expand.js";
import { confirm } from "../confirm.js";
import { type Ctx, warn } from "../context.js";
import { readRows, rendererFor, sayWhereWithoutConfig } from "../context-run.js";
import { engineOptions } from "./download-run.js";
import type { GetOpts } from "./get-sources.js";
import { formatSize, showReports } from "./sources-show.js";

/** What the sources need from the run: the gateway (sites, lookup slots, the retry executor), the library, the filters. */
export async function withDeps<T>(ctx: Ctx, opts: GetOpts, loaded: LoadedSettings, fn: (deps: SourceDeps) => Promise<T>): Promise<T> {
	const { settings } = loaded;
	const requests = new Requests({ http: await ctx.http(), settings, signal: ctx.io.signal });
	const deps: SourceDeps = {
		...gatewayParts(requests),
		library: libraryIndex(await readRows(ctx, opts, settings.historyFile)),
		filters: {
			allVersions: opts.allVersions,
			types: opts.types,
			baseModels: opts.baseModels,
			limit: opts.limit,
			maxSizeBytes: opts.maxSize,
		},
		force: opts.force === true,
		m: ctx.m,
		stats: { requests: 0 },
		onRetry: (r) => {
			const line = ctx.m.outdatedRetry({ origin: r.origin, retry: r.retry, max: r.max, seconds: r.delayMs / 1000, reason: r.reason });
			if (!opts.quiet) warn(ctx, opts, cleanText(line));
		},
	};
	return fn(deps);
}

/** Expand the sources (every lookup paced and retried), and say what they name. */
export async function expand(
	ctx: Ctx,
	opts: GetOpts,
	loaded: LoadedSettings,
	run: (deps: SourceDeps) => Promise<Expanded>,
): Promise<Expanded & { requests: number }> {
	return withDeps(ctx, opts, loaded, async (deps) => {
		const expanded = await run(deps);
		showReports(ctx, opts, expanded, deps.stats.requests);
		return { ...expanded, requests: deps.stats.requests };
	});
}

/** A list larger than 20 items or 20 GiB is confirmed on a terminal, and needs --yes without one. */
async function confirmed(ctx: Ctx, opts: GetOpts, expanded: Expanded): Promise<boolean> {
	const sizes = expanded.items.map((i) => i.resolved?.sizeBytes);
	const bytes = sizes.reduce<number>((a, b) => a + (b ?? 0), 0);
	if (opts.yes || opts.dryRun || !needsConfirmation(expanded.items.length, bytes)) return true;
	const counts = { count: expanded.items.length, size: formatSize(ctx, bytes), unknown: sizes.filter((s) => s === undefined).length };
	if (ctx.io.stdin.isTTY !== true) throw new UsageError(msg("cliSourcesNoTerminal", counts));
	const named = namesOf(expanded.items.map((i) => cleanText(i.resolved?.fileName ?? i.label)));
	const ok = await confirm(ctx.m.sourcesConfirm({ ...counts, ...named }), ctx.io, ctx.io.signal);
	if (!ok) ctx.io.stdout.write(`${ctx.m.cliNothingDownloaded()}\n`);
	return ok;
}

/** Confirm, then download the expanded list with get's engine options; a failed image lookup makes the exit at least 1. */
export async function runExpanded(ctx: Ctx, opts: GetOpts, loaded: LoadedSettings, expanded: Expanded): Promise<void> {
	const floor = expanded.lookupsFailed ? 1 : 0;
	ctx.result.code = floor;
	if (expanded.items.length === 0) {
		if (!opts.json && !opts.quiet) ctx.io.stdout.write(`${ctx.m.sourcesNothing()}\n`);
		return;
	}
	if (!(await confirmed(ctx, opts, expanded))) return;
	sayWhereWithoutConfig(ctx, opts, loaded);
	const r = rendererFor(ctx, opts);
	try {
		const summary = await downloadPlanned(expanded.items, await engineOptions(ctx, opts, loaded, r.onEvent));
		ctx.result.code = Math.max(floor, exitCodeFor(summary));
		ctx.result.summary = summary;
	} finally {
		r.close();
	}
}

/** `get` with sources: expand them all, then the one run. */
export async function runSourcesGet(ctx: Ctx, given: readonly GivenSource[], opts: GetOpts, loaded: LoadedSettings): Promise<void> {
	const expanded = await expand(ctx, opts, loaded, (deps) => expandSources(given, deps));
	await runExpanded(ctx, opts, loaded, expanded);
}
