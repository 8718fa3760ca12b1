import { dirname } from "node:path";
import type { Settings } from "../config/load.js";
import { parseCategory } from "../core/categories.js";
import { safeFileName } from "../core/file-name.js";
import { fileInFolder } from "../core/inside-folders.js";
import type { Outdated, UpdatePick } from "../core/updates.js";
import { emptyRow, type HistoryRow } from "../history/columns.js";

/**
 * Where `update` puts a newer version in the library: the old version's folder (our own history's,
 * trusted) under the server's file name (never trusted: made one safe base name, and the path checked
 * to stay in that folder). The domain rules of `update`; the CLI only shows and runs them.
 */

/** The taken version's file name as the server gives it, made one safe base name ("" when the answer has no file). */
export function newFileName(o: UpdatePick<HistoryRow>): string {
	return o.version.fileName === undefined ? "" : safeFileName(o.version.fileName, `${o.version.id}.bin`);
}

/**
 * The history row that directs a new version into the old one's folder under the new file's own name.
 * A name the old version's file holds gets the new version id in it (the engine's same-name rule).
 */
export function updateRow<R extends HistoryRow>(o: UpdatePick<R>): HistoryRow {
	const name = newFileName(o);
	const path = o.row.path && name ? fileInFolder(dirname(o.row.path), name) : o.row.path;
	return {
		...emptyRow(),
		model_type: o.row.model_type,
		filename: name,
		model_id: String(o.modelId),
		version_id: String(o.version.id),
		path,
	};
}

/** The folder a new version goes to: the old version's, else its category's ("?" when neither is known). */
export function folderOf(o: Outdated<HistoryRow>, downloadPaths: Settings["downloadPaths"]): string {
	if (o.row.path) return dirname(o.row.path);
	const category = parseCategory(o.row.model_type);
	return category ? downloadPaths[category] : "?";
}

/** Where a new version's file goes: in its folder under the server's name made safe (the folder alone when no name is known). */
export function targetOf(o: UpdatePick<HistoryRow>, downloadPaths: Settings["downloadPaths"]): string {
	const dir = folderOf(o, downloadPaths);
	const name = newFileName(o);
	return name && dir !== "?" ? fileInFolder(dir, name) : dir;
}
