import { basename, join, resolve } from "node:path";
import type { Settings } from "../config/load.js";
import { type Category, parseCategory } from "../core/categories.js";
import { dedupeHistory } from "../core/plan.js";
import { asSha256, isSha256Hex, type Sha256 } from "../core/sha256.js";
import { type HistoryRow, intCell } from "../history/columns.js";

/**
 * The library's read model: what civitai-dl knows of each item the history holds, worked out in one
 * place for `verify`, `import`, `outdated`/`update` and the sidecar repairs. Pure: the disk is asked
 * in `on-disk.ts`.
 */
export interface LibraryEntry<R extends HistoryRow = HistoryRow> {
	/** The item's latest history row (de-duplicated as `redownload` does). */
	row: R;
	/** Where its file is (absolute): the row's `path`, or a seed-era row's category folder and file name; null: nowhere known. */
	path: string | null;
	/** Its folder category (`other` for a type we do not know). */
	category: Category;
	modelId: number | undefined;
	versionId: number | undefined;
	fileId: number | undefined;
	/** What its file should be, as the row recorded it (null: not recorded). */
	expectedSize: number | null;
	expectedSha256: Sha256 | null;
}

/** Where a row's file is: its recorded path, or (a seed-era row) its category folder plus file name. */
export function pathOfRow(row: HistoryRow, downloadPaths: Settings["downloadPaths"]): string | null {
	if (row.path) return resolve(row.path);
	if (!row.filename) return null;
	return join(downloadPaths[parseCategory(row.model_type) ?? "other"], basename(row.filename));
}

const positive = (v: number | undefined) => (v !== undefined && v > 0 ? v : undefined);

/** One row as an entry. */
export function entryOf<R extends HistoryRow>(row: R, downloadPaths: Settings["downloadPaths"]): LibraryEntry<R> {
	return {
		row,
		path: pathOfRow(row, downloadPaths),
		category: parseCategory(row.model_type) ?? "other",
		modelId: positive(intCell(row.model_id)),
		versionId: positive(intCell(row.version_id)),
		fileId: positive(intCell(row.file_id)),
		expectedSize: intCell(row.size_bytes) ?? null,
		expectedSha256: isSha256Hex(row.sha256) ? asSha256(row.sha256)! : null,
	};
}

/** The library: one entry per item of the history, in file order (the last row of an item wins). */
export function libraryEntries<R extends HistoryRow>(rows: readonly R[], downloadPaths: Settings["downloadPaths"]): LibraryEntry<R>[] {
	return dedupeHistory(rows).map((row) => entryOf(row, downloadPaths));
}
