import { basename, join, posix, win32 } from "node:path";
import type { Settings } from "../config/load.js";
import { type Category, parseCategory } from "../core/categories.js";
import { safeFileName } from "../core/file-name.js";
import { foreignFileName, HERE, type PathFamily } from "../core/foreign-path.js";
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

/**
 * A row's recorded path as a path on this machine (absolute): the path itself, or, written on another
 * system (`D:\sd\models\Lora\x.safetensors` read on Linux or macOS, `/home/me/...` read on Windows),
 * the row's category folder as configured here with the row's own file name (`mapped`). Undefined
 * for a row without a path. `here`: this machine's path family (tests pass the other).
 */
export function recordedPathHere(
	row: HistoryRow,
	downloadPaths: Settings["downloadPaths"],
	here: PathFamily = HERE,
): { path: string; mapped: boolean } | undefined {
	if (!row.path) return undefined;
	const paths = here === "win32" ? win32 : posix;
	const foreign = foreignFileName(row.path, here);
	if (foreign === undefined) return { path: paths.resolve(row.path), mapped: false };
	const folder = downloadPaths[parseCategory(row.model_type) ?? "other"];
	return { path: paths.resolve(folder, safeFileName(foreign, safeFileName(row.filename))), mapped: true };
}

/**
 * Where a row's file is: its recorded path (one written on another system: in its category folder,
 * see `recordedPathHere`), or (a seed-era row) its category folder plus file name.
 */
export function pathOfRow(row: HistoryRow, downloadPaths: Settings["downloadPaths"]): string | null {
	if (row.path) return recordedPathHere(row, downloadPaths)!.path;
	if (!row.filename) return null;
	return join(downloadPaths[parseCategory(row.model_type) ?? "other"], basename(row.filename));
}

/**
 * Rows as this machine reads them: each path written on another system replaced by where its file is
 * here (see `recordedPathHere`), and how many were. The commands say that number once.
 */
export function rowsHere<R extends HistoryRow>(
	rows: readonly R[],
	downloadPaths: Settings["downloadPaths"],
	here: PathFamily = HERE,
): { rows: R[]; mapped: number } {
	let mapped = 0;
	const out = rows.map((row) => {
		const p = recordedPathHere(row, downloadPaths, here);
		if (!p?.mapped) return row;
		mapped++;
		return { ...row, path: p.path };
	});
	return { rows: out, mapped };
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
