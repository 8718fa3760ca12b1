import { resolve } from "node:path";
import type { Settings } from "../config/load.js";
import type { Sha256 } from "../core/sha256.js";
import { emptyRow, HISTORY_COLUMNS, type HistoryRow } from "../history/columns.js";
import { readCsv } from "../history/csv-file.js";
import { entryOf } from "./entries.js";

/** The history's rows, cells trimmed and every column present. An unreadable history reads as empty here. */
async function historyRows(historyFile: string): Promise<HistoryRow[]> {
	const read = await readCsv(historyFile).catch(() => ({ rows: [] }));
	return read.rows.map((r) => ({ ...emptyRow(), ...Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, (r.cells[c] ?? "").trim()])) }));
}

/** What the history says of a recorded file: its SHA-256 ("" when not recorded) and ids. */
export interface RecordedFile {
	/** The row's URL: the Civitai origin that knew the file. */
	url: string;
	sha256: Sha256 | "";
	versionId: number | undefined;
	fileId: number | undefined;
}

/**
 * The (absolute) paths the history records, every row's (not only each item's latest: a file an older
 * row names is the user's library too), each with what its latest row says: a row's `path`, or a
 * seed-era row's category folder and file name (where `verify` looks too). The write that follows
 * reports an unreadable history.
 */
export async function recordedFiles(historyFile: string, downloadPaths: Settings["downloadPaths"]): Promise<Map<string, RecordedFile>> {
	const out = new Map<string, RecordedFile>();
	for (const row of await historyRows(historyFile)) {
		const e = entryOf(row, downloadPaths);
		if (e.path) out.set(resolve(e.path), { url: row.url, sha256: e.expectedSha256 ?? "", versionId: e.versionId, fileId: e.fileId });
	}
	return out;
}

/** The (absolute) paths the history records (see `recordedFiles`). */
export async function recordedPaths(historyFile: string, downloadPaths: Settings["downloadPaths"]): Promise<Set<string>> {
	return new Set((await recordedFiles(historyFile, downloadPaths)).keys());
}
