import { resolve } from "node:path";
import type { Settings } from "../config/load.js";
import { emptyRow, HISTORY_COLUMNS, type HistoryRow } from "../history/columns.js";
import { readCsv } from "../history/csv-file.js";
import { entryOf } from "./entries.js";

/** The history's rows, cells trimmed and every column present. An unreadable history reads as empty here. */
async function historyRows(historyFile: string): Promise<HistoryRow[]> {
	const read = await readCsv(historyFile).catch(() => ({ rows: [] }));
	return read.rows.map((r) => ({ ...emptyRow(), ...Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, (r.cells[c] ?? "").trim()])) }));
}

/**
 * The (absolute) paths the history records, every row's (not only each item's latest: a file an older
 * row names is the user's library too): a row's `path`, or a seed-era row's category folder and file
 * name (where `verify` looks too). The write that follows reports an unreadable history.
 */
export async function recordedPaths(historyFile: string, downloadPaths: Settings["downloadPaths"]): Promise<Set<string>> {
	const out = new Set<string>();
	for (const row of await historyRows(historyFile)) {
		const path = entryOf(row, downloadPaths).path;
		if (path) out.add(resolve(path));
	}
	return out;
}
