import type { HistoryRow } from "../history/columns.js";
import { priorityOf } from "./categories.js";

/**
 * The identity of a history row for de-duplication: the same version and file, or the URL when the
 * ids are unknown (seed-era rows).
 */
export function rowKey(row: Pick<HistoryRow, "version_id" | "file_id" | "url">): string {
	const v = row.version_id.trim();
	if (v !== "") return `v:${v}:f:${row.file_id.trim()}`;
	return `u:${row.url.trim()}`;
}

/**
 * De-duplicate (the last row for a key wins, in its own position) and order by priority:
 * checkpoint, lora, embedding, everything else; stable within a category. Pure.
 */
export function planRedownload<T extends Pick<HistoryRow, "version_id" | "file_id" | "url" | "model_type">>(rows: readonly T[]): T[] {
	const lastIndex = new Map<string, number>();
	rows.forEach((r, i) => {
		lastIndex.set(rowKey(r), i);
	});
	const kept = rows.filter((r, i) => lastIndex.get(rowKey(r)) === i);
	return kept
		.map((row, i) => ({ row, i, p: priorityOf(row.model_type) }))
		.sort((a, b) => a.p - b.p || a.i - b.i)
		.map((x) => x.row);
}

/** De-duplicated rows in file order (`civitai-dl history`). */
export function dedupeHistory<T extends Pick<HistoryRow, "version_id" | "file_id" | "url">>(rows: readonly T[]): T[] {
	const lastIndex = new Map<string, number>();
	rows.forEach((r, i) => {
		lastIndex.set(rowKey(r), i);
	});
	return rows.filter((r, i) => lastIndex.get(rowKey(r)) === i);
}
