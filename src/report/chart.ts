import { formatBytes } from "../core/format.js";
import type { Messages } from "../i18n/en.js";
import { esc } from "./html.js";

/** One bar: a type or base model, how many files and the disk they use. */
export interface Total {
	key: string;
	count: number;
	bytes: number;
}

/** Totals per key, largest disk use first (then most files, then by name); past `max` bars, the rest in one "other" bar. */
export function totalsBy<T>(items: readonly T[], keyOf: (t: T) => string, bytesOf: (t: T) => number, max = 12, other = "…"): Total[] {
	const by = new Map<string, Total>();
	for (const it of items) {
		const key = keyOf(it);
		const t = by.get(key) ?? { key, count: 0, bytes: 0 };
		t.count++;
		t.bytes += bytesOf(it);
		by.set(key, t);
	}
	const sorted = [...by.values()].sort((a, b) => b.bytes - a.bytes || b.count - a.count || a.key.localeCompare(b.key));
	if (sorted.length <= max) return sorted;
	const rest = sorted.slice(max - 1);
	const merged = { key: other, count: 0, bytes: 0 };
	for (const t of rest) {
		merged.count += t.count;
		merged.bytes += t.bytes;
	}
	return [...sorted.slice(0, max - 1), merged];
}

/** One bar's height in pixels: its label and value on a line, the bar under them. */
const ROW = 38;

/**
 * A horizontal bar chart as inline SVG (no library): per total, its name and "count · size" on a line
 * and a bar under them as long as the disk it uses. Lengths are percentages of the chart's width
 * and text is in pixels, so it reads the same on a phone as on a desktop. A bar with `filter` set
 * narrows the grid when clicked.
 */
export function barChart(
	title: string,
	totals: readonly Total[],
	o: { m: Messages; locale: string; filter?: "type" | "base"; filterable?: (key: string) => boolean },
): string {
	const most = Math.max(1, ...totals.map((t) => t.bytes));
	const height = Math.max(ROW, totals.length * ROW);
	const rows = totals.map((t, i) => {
		const y = i * ROW;
		const pct = Math.max(0.5, Math.round((t.bytes / most) * 1000) / 10);
		const value = o.m.reportBarValue({ count: t.count, size: formatBytes(t.bytes, o.locale) });
		const filter = o.filter && (o.filterable?.(t.key) ?? true) ? ` data-filter="${esc(JSON.stringify([o.filter, t.key]))}"` : "";
		return (
			`<g${filter}><title>${esc(`${t.key}: ${value}`)}</title><rect class="hit" x="0" y="${y}" width="100%" height="${ROW}"></rect>` +
			`<text x="0" y="${y + 15}">${esc(t.key)}</text><text class="v" x="100%" y="${y + 15}" text-anchor="end">${esc(value)}</text>` +
			`<rect x="0" y="${y + 21}" width="${pct}%" height="10" rx="3"></rect></g>`
		);
	});
	return (
		`<figure class="chart"><h2>${esc(title)}</h2>` +
		`<svg width="100%" height="${height}" role="img" aria-label="${esc(title)}">${rows.join("")}</svg></figure>`
	);
}
