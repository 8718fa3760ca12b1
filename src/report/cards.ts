import { formatBytes } from "../core/format.js";
import { attentionRank, isBrokenState, LIBRARY_STATUSES, type LibraryStatus, statusesOf } from "../core/library-status.js";
import { shellLine } from "../core/run-log.js";
import type { Messages } from "../i18n/en.js";
import type { LibraryCard } from "../library/report-data.js";
import { esc, hrefFrom } from "./html.js";

/** What a card needs besides itself: the words, the locale, the page's folder (previews are relative to it). */
export interface CardContext {
	m: Messages;
	locale: string;
	pageDir: string;
}

export function statusLabel(m: Messages, s: LibraryStatus): string {
	switch (s) {
		case "verified":
			return m.reportStatusVerified();
		case "not_checked":
			return m.reportStatusNotChecked();
		case "missing":
			return m.reportStatusMissing();
		case "size_mismatch":
			return m.reportStatusSizeMismatch();
		case "hash_mismatch":
			return m.reportStatusHashMismatch();
		case "newer":
			return m.reportStatusNewer();
		case "failed_last":
			return m.reportStatusFailedLast();
	}
}

/** The base model a card is filed under (its own, or the word for unknown). */
export function baseOf(c: LibraryCard, m: Messages): string {
	return c.baseModel ?? m.reportUnknownBase();
}

function options(values: readonly string[], label: (v: string) => string, all: string): string {
	return [`<option value="">${esc(all)}</option>`, ...values.map((v) => `<option value="${esc(v)}">${esc(label(v))}</option>`)].join("");
}

/** The search box, the filters and the sort. */
export function controls(cards: readonly LibraryCard[], cx: CardContext): string {
	const { m } = cx;
	const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort((a, b) => a.localeCompare(b));
	const types = sorted(cards.map((c) => c.type));
	const bases = sorted(cards.map((c) => baseOf(c, m)));
	const option = (value: string, label: string) => `<option value="${esc(value)}">${esc(label)}</option>`;
	const statusOptions = [
		option("", m.reportAll()),
		option("broken", m.reportStatusBroken()),
		...LIBRARY_STATUSES.map((s) => option(s, statusLabel(m, s))),
	].join("");
	const select = (id: string, label: string, inner: string) => `<label>${esc(label)}<select id="${id}">${inner}</select></label>`;
	const search = esc(m.reportSearch());
	return (
		`<div class="controls"><input id="q" type="search" placeholder="${search}" aria-label="${search}">` +
		select(
			"f-type",
			m.reportFilterType(),
			options(types, (v) => v, m.reportAll()),
		) +
		select(
			"f-base",
			m.reportFilterBase(),
			options(bases, (v) => v, m.reportAll()),
		) +
		select("f-status", m.reportFilterStatus(), statusOptions) +
		select(
			"sort",
			m.reportSort(),
			[
				option("attention", m.reportSortAttention()),
				option("name", m.reportSortName()),
				option("size", m.reportSortSize()),
				option("date", m.reportSortDate()),
			].join(""),
		) +
		"</div>"
	);
}

/** The lines under a card's badges: the newer version, why it failed last time, the command that fetches it again. */
function details(c: LibraryCard, cx: CardContext): string {
	const { m } = cx;
	const out: string[] = [];
	if (c.newer) {
		const version = c.newer.name ?? `#${c.newer.id}`;
		out.push(`<p class="detail">${esc(m.reportNewerDetail({ version, date: c.newer.publishedAt?.slice(0, 10) ?? "?" }))}</p>`);
	}
	if (c.failedLast)
		out.push(`<p class="detail">${esc(m.reportFailedDetail({ kind: c.failedLast.kind, reason: c.failedLast.message }))}</p>`);
	if (isBrokenState(c.state) && c.versionId !== null) out.push(`<code>${esc(shellLine(["redownload", `version:${c.versionId}`]))}</code>`);
	return out.join("");
}

/** One card: the preview (relative to the page), the names, the numbers and the statuses. */
export function card(c: LibraryCard, cx: CardContext): string {
	const { m, locale } = cx;
	const statuses = statusesOf(c.state, { newer: c.newer !== null, failedLast: c.failedLast !== null });
	const search = [c.name, c.fileName, c.version ?? "", c.type, c.baseModel ?? "", ...c.trainedWords].join(" ").toLocaleLowerCase();
	const data =
		`data-type="${esc(c.type)}" data-base="${esc(baseOf(c, m))}" data-status="${statuses.join(" ")}" ` +
		`data-rank="${attentionRank(statuses)}" data-size="${c.sizeBytes ?? 0}" data-date="${esc(c.recordedAt)}" data-sort="${esc(c.name.toLocaleLowerCase())}" data-text="${esc(search)}"`;
	const thumb = c.preview
		? `<img src="${esc(hrefFrom(cx.pageDir, c.preview))}" alt="" loading="lazy" decoding="async">`
		: `<span class="ph">${esc(c.type)}</span>`;
	const sub = [c.version, c.baseModel].filter((x): x is string => !!x).join(" · ");
	const badges = statuses.map((s) => `<span class="st st-${s}">${esc(statusLabel(m, s))}</span>`).join("");
	const words = c.trainedWords.length > 0 ? `<p class="words">${esc(c.trainedWords.join(", "))}</p>` : "";
	return (
		`<article class="card${isBrokenState(c.state) ? " broken" : ""}" ${data}><div class="thumb">${thumb}</div><div class="body">` +
		`<h3 title="${esc(c.path ?? c.fileName)}">${esc(c.name)}</h3>` +
		(sub ? `<p class="dim">${esc(sub)}</p>` : "") +
		`<p class="meta"><span>${esc(c.type)}</span><span>${c.sizeBytes === null ? "?" : esc(formatBytes(c.sizeBytes, locale))}</span>` +
		`<span>${esc(c.recordedAt.slice(0, 10))}</span></p>` +
		`<p class="dim">${esc(c.fileName)}</p><p class="badges">${badges}</p>${details(c, cx)}${words}</div></article>`
	);
}
