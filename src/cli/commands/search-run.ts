// What `search` does (its registration is search.ts): loaded only when it runs.
import { formatBytes } from "../../core/format.js";
import type { ListSpec } from "../../core/listing.js";
import { cleanText } from "../../core/text.js";
import { intlLocale } from "../../i18n/index.js";
import { expandListing } from "../../sources/expand.js";
import { type ListedRow, listOnSites } from "../../sources/listing.js";
import { type Ctx, jsonLine, warn } from "../context.js";
import { settingsFor } from "../context-run.js";
import type { SearchOpts } from "./search.js";
import { runExpanded, withDeps } from "./sources-run.js";
import { showReports, table } from "./sources-show.js";

/** The default number of results: a table that fits a screen. */
export const SEARCH_LIMIT = 20;

function showResults(ctx: Ctx, opts: SearchOpts, rows: readonly ListedRow[], requests: number): void {
	const { m, io } = ctx;
	if (opts.json) {
		for (const r of rows) jsonLine(ctx, { type: "search_result", ...r });
		jsonLine(ctx, { type: "search_summary", count: rows.length, requests });
		return;
	}
	const locale = intlLocale(ctx.lang);
	const cells = rows.map((r) => [
		r.name,
		r.modelType,
		r.baseModel ?? "?",
		r.downloadable ? (r.version ?? "?") : `${r.version ?? "?"} ${m.searchNotDownloadable()}`,
		r.sizeBytes === null ? "?" : formatBytes(r.sizeBytes, locale),
		`model:${r.modelId}`,
	]);
	if (rows.length > 0) {
		const head = [m.colName(), m.colType(), m.colBase(), m.colVersion(), m.colSize(), m.colId()];
		for (const line of table([head, ...cells], 40)) io.stdout.write(`${line}\n`);
	}
	if (!opts.quiet) io.stdout.write(`${m.searchSummary({ count: rows.length, requests })}\n`);
}

/** `search <words...>`: a table (or NDJSON) of what Civitai finds; `--get` downloads it as `get` would. */
export async function runSearch(ctx: Ctx, words: string[], opts: SearchOpts): Promise<void> {
	const loaded = await settingsFor(ctx, opts);
	const query = words.join(" ").trim();
	const spec: ListSpec = { kind: "search", query, tag: opts.tag, sort: opts.sort, period: opts.period, nsfw: opts.nsfw === true };
	const o: SearchOpts = { ...opts, limit: opts.limit ?? SEARCH_LIMIT };
	const found = await withDeps(ctx, o, loaded, async (deps) => {
		const listing = await listOnSites(spec, deps.sites.base, deps);
		return { listing, expanded: expandListing(`search "${query}"`, listing, deps), requests: deps.stats.requests };
	});
	showResults(ctx, o, found.listing.rows, found.requests);
	ctx.result.code = 0;
	if (!opts.get) {
		const stopped = found.listing.stopped;
		if (stopped) warn(ctx, o, ctx.m.sourceStopped({ source: `search "${cleanText(query)}"`, pages: stopped.pages, why: stopped.why }));
		return;
	}
	showReports(ctx, o, found.expanded, found.requests);
	await runExpanded(ctx, o, loaded, found.expanded);
}
