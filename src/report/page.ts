import { createHash } from "node:crypto";
import { formatBytes } from "../core/format.js";
import { attentionRank, isBrokenState, statusesOf } from "../core/library-status.js";
import { localTimestamp } from "../history/columns.js";
import type { Messages } from "../i18n/en.js";
import type { LibraryCard, LibraryReport } from "../library/report-data.js";
import { baseOf, type CardContext, card, controls } from "./cards.js";
import { barChart, totalsBy } from "./chart.js";
import { esc } from "./html.js";
import { nights } from "./nights.js";
import { SCRIPT } from "./script.js";
import { STYLE } from "./style.js";

/** The page's words and where it goes (previews are addressed from its folder). */
export interface PageOptions {
	m: Messages;
	lang: string;
	locale: string;
	pageDir: string;
	nowMs: number;
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/**
 * The Content-Security-Policy: nothing from any network host. Images only from the page's own
 * place (its folder, as file: when opened from disk); the one style and the one script by their
 * hashes; no connections, frames, forms or base.
 */
export function contentSecurityPolicy(): string {
	return [
		"default-src 'none'",
		"img-src 'self' file:",
		`style-src ${sha256(STYLE)}`,
		`script-src ${sha256(SCRIPT)}`,
		"base-uri 'none'",
		"form-action 'none'",
	].join("; ");
}

function tile(value: string, label: string, cls: string, filter?: [string, string]): string {
	const inner = `<b>${esc(value)}</b><span>${esc(label)}</span>`;
	return filter
		? `<button type="button" class="tile ${cls}" data-filter="${esc(JSON.stringify(filter))}">${inner}</button>`
		: `<div class="tile ${cls}">${inner}</div>`;
}

function tiles(cards: readonly LibraryCard[], o: PageOptions): string {
	const { m } = o;
	const count = (f: (c: LibraryCard) => boolean) => String(cards.filter(f).length);
	const disk = cards.reduce((n, c) => n + (c.state === "missing" ? 0 : (c.sizeBytes ?? 0)), 0);
	return (
		`<section class="tiles">${tile(String(cards.length), m.reportTileModels(), "")}` +
		tile(formatBytes(disk, o.locale), m.reportTileDisk(), "") +
		tile(
			count((c) => c.state === "verified"),
			m.reportTileVerified(),
			"ok",
			["status", "verified"],
		) +
		tile(
			count((c) => c.state === "not_checked"),
			m.reportTileNotChecked(),
			"",
			["status", "not_checked"],
		) +
		tile(
			count((c) => isBrokenState(c.state)),
			m.reportTileBroken(),
			"bad",
			["status", "broken"],
		) +
		tile(
			count((c) => c.newer !== null),
			m.reportTileNewer(),
			"new",
			["status", "newer"],
		) +
		tile(
			count((c) => c.failedLast !== null),
			m.reportTileFailed(),
			"warn",
			["status", "failed_last"],
		) +
		"</section>"
	);
}

function charts(cards: readonly LibraryCard[], o: PageOptions): string {
	const { m } = o;
	const bytes = (c: LibraryCard) => (c.state === "missing" ? 0 : (c.sizeBytes ?? 0));
	const other = m.reportOther();
	const byType = totalsBy(cards, (c) => c.type, bytes, 12, other);
	const byBase = totalsBy(cards, (c) => baseOf(c, m), bytes, 12, other);
	const filterable = (key: string) => key !== other;
	return (
		`<section class="charts">${barChart(m.reportByType(), byType, { m, locale: o.locale, filter: "type", filterable })}` +
		`${barChart(m.reportByBase(), byBase, { m, locale: o.locale, filter: "base", filterable })}</section>`
	);
}

function library(cards: readonly LibraryCard[], o: PageOptions): string {
	const { m } = o;
	if (cards.length === 0) return `<section id="library"><p class="dim">${esc(m.reportEmpty())}</p></section>`;
	const cx: CardContext = { m, locale: o.locale, pageDir: o.pageDir };
	// in the page's first order: what needs attention first, then by name (the script's default)
	const collator = new Intl.Collator(o.locale);
	const rank = (c: LibraryCard) => attentionRank(statusesOf(c.state, { newer: c.newer !== null, failedLast: c.failedLast !== null }));
	const ordered = cards
		.map((c) => ({ c, rank: rank(c), name: c.name.toLocaleLowerCase() }))
		.sort((a, b) => a.rank - b.rank || collator.compare(a.name, b.name))
		.map((x) => x.c);
	const template = m.reportShown({ shown: "{shown}", total: "{total}" });
	const shown = m.reportShown({ shown: String(cards.length), total: String(cards.length) });
	return (
		`<section id="library"><h2>${esc(m.reportLibrary())}</h2>${controls(cards, cx)}` +
		`<p id="shown" class="dim" data-template="${esc(template)}">${esc(shown)}</p>` +
		`<div id="grid">${ordered.map((c) => card(c, cx)).join("")}</div><p id="none" class="dim" hidden>${esc(m.reportNoMatch())}</p></section>`
	);
}

/** The whole page: one file, nothing loaded from anywhere but the previews beside the models. */
export function reportPage(r: LibraryReport, o: PageOptions): string {
	const { m } = o;
	const never = m.reportNever();
	const checks = m.reportChecks({
		verified: r.verifiedAt ? localTimestamp(new Date(r.verifiedAt)).slice(0, 16) : never,
		outdated: r.outdatedAt ? localTimestamp(new Date(r.outdatedAt)).slice(0, 16) : never,
	});
	return (
		`<!doctype html>\n<html lang="${esc(o.lang)}"><head><meta charset="utf-8">` +
		`<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy())}">` +
		`<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>${esc(m.reportTitle())}</title><style>${STYLE}</style></head><body>` +
		`<header><h1>${esc(m.reportTitle())}</h1>` +
		`<p class="dim">${esc(m.reportMade({ time: localTimestamp(new Date(o.nowMs)).slice(0, 16), history: r.historyFile }))}</p>` +
		`<p class="dim">${esc(checks)}</p></header><main>${tiles(r.cards, o)}${nights(r.runs, m, o.locale)}` +
		`${charts(r.cards, o)}${library(r.cards, o)}</main><script>${SCRIPT}</script></body></html>\n`
	);
}
