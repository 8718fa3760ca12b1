// What the sources of `get` named, shown before the run: a line per listing, a table per image
// (name, type, weight, have / will download / unknown), or their NDJSON events (issue 28).
import { formatBytes, formatNumber } from "../../core/format.js";
import { cleanText } from "../../core/text.js";
import { intlLocale } from "../../i18n/index.js";
import type { Expanded, SourceReport } from "../../sources/expand.js";
import type { ResourceRow } from "../../sources/resources.js";
import { type Ctx, jsonLine, warn } from "../context.js";
import type { CommonOpts } from "../options.js";
import { fit, widthOf } from "../text-width.js";

export function formatSize(ctx: Ctx, bytes: number): string {
	return formatBytes(bytes, intlLocale(ctx.lang));
}

/** Rows as columns: each as wide as its widest cell (at most `max`), two spaces apart. */
export function table(rows: readonly string[][], max = 48): string[] {
	const widths = rows[0]!.map((_, c) => Math.min(max, Math.max(...rows.map((r) => widthOf(r[c] ?? "")))));
	return rows.map((r) =>
		r
			.map((cell, c) => (c === r.length - 1 ? fit(cell, max) : fit(cell, widths[c]!, true)))
			.join("  ")
			.trimEnd(),
	);
}

function statusWords(ctx: Ctx, row: ResourceRow): string {
	switch (row.status) {
		case "have":
			return ctx.m.resourceHave();
		case "download":
			return ctx.m.resourceDownload();
		case "unknown":
			return ctx.m.resourceUnknown();
		case "failed":
			return ctx.m.resourceFailed({ reason: row.reason ?? "?" });
	}
}

function showImage(ctx: Ctx, opts: CommonOpts, report: Extract<SourceReport, { kind: "image" }>): void {
	const { m, io } = ctx;
	const source = cleanText(report.source);
	if (opts.json) {
		for (const r of report.rows) {
			const { resolved, ...shown } = r;
			jsonLine(ctx, {
				type: "image_resource",
				source,
				...shown,
				...(resolved ? { fileName: resolved.fileName, sizeBytes: resolved.sizeBytes ?? null } : {}),
			});
		}
		return;
	}
	if (report.rows.length === 0) {
		io.stdout.write(`${m.imageNone({ source })}\n`);
		return;
	}
	const locale = intlLocale(ctx.lang);
	const cells = report.rows.map((r) => [r.name, r.kind, r.weight === null ? "" : formatNumber(r.weight, locale, 2), statusWords(ctx, r)]);
	io.stdout.write(`${m.imageTitle({ source })}\n`);
	for (const line of table([[m.colName(), m.colType(), m.colWeight(), m.colStatus()], ...cells], 60)) io.stdout.write(`  ${line}\n`);
	const count = (s: ResourceRow["status"]) => report.rows.filter((r) => r.status === s).length;
	io.stdout.write(
		`${m.imageSummary({ have: count("have"), download: count("download"), unknown: count("unknown"), failed: count("failed") })}\n`,
	);
}

function showListing(ctx: Ctx, opts: CommonOpts, report: Extract<SourceReport, { kind: "listing" }>): void {
	const { listing } = report;
	const source = cleanText(report.source);
	if (listing.stopped) warn(ctx, opts, ctx.m.sourceStopped({ source, pages: listing.stopped.pages, why: listing.stopped.why }));
	if (listing.redFailed) warn(ctx, opts, cleanText(ctx.m.sourceRedFailed({ source, ...listing.redFailed })));
	const counts = { models: listing.models, have: report.have, gated: listing.gated, skipped: listing.skipped, take: report.take };
	if (opts.json) {
		jsonLine(ctx, {
			type: "source_listed",
			source,
			...counts,
			pages: listing.pages,
			sizeBytes: report.sizeBytes,
			stopped: listing.stopped ?? null,
		});
		return;
	}
	if (!opts.quiet)
		ctx.io.stdout.write(`${ctx.m.sourceListed({ source, ...counts, requests: listing.pages, size: formatSize(ctx, report.sizeBytes) })}\n`);
}

/** Every report, in the order the sources were given, then the requests made and what `--max-size` left out. */
export function showReports(ctx: Ctx, opts: CommonOpts & { maxSize?: number }, expanded: Expanded, requests: number): void {
	for (const r of expanded.reports) {
		if (r.kind === "image") showImage(ctx, opts, r);
		else showListing(ctx, opts, r);
	}
	if (expanded.cut > 0 && opts.json) jsonLine(ctx, { type: "sources_cut", count: expanded.cut });
	else if (expanded.cut > 0) warn(ctx, opts, ctx.m.sourceCut({ count: expanded.cut, max: formatSize(ctx, opts.maxSize ?? 0) }));
	if (opts.verbose && !opts.json) ctx.io.stdout.write(`${ctx.m.sourceRequests({ requests })}\n`);
}
