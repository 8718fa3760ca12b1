import { basename, resolve } from "node:path";
import type { Settings } from "../config/load.js";
import { canonicalDownloadUrl } from "../core/targets.js";
import { emptyRow, type HistoryRow, intCell, localTimestamp } from "../history/columns.js";
import { readCsv } from "../history/csv-file.js";
import { pathOfRow } from "../verify.js";
import type { IdentifiedFile } from "./events.js";

/**
 * The history row of an imported file: where it is now (it stays there), its ids and hashes, and the
 * download URL on the origin that knew it, so that `redownload` can bring it back to this path.
 */
export function importRow(f: IdentifiedFile, now: Date): HistoryRow {
	return {
		...emptyRow(),
		timestamp: localTimestamp(now),
		model_type: f.category,
		url: canonicalDownloadUrl(f.origin, f.versionId, f.fileId),
		filename: basename(f.path),
		model_id: f.modelId > 0 ? String(f.modelId) : "",
		version_id: String(f.versionId),
		file_id: String(f.fileId),
		size_bytes: String(f.sizeBytes),
		sha256: f.sha256.toUpperCase(),
		path: f.path,
	};
}

/** What the history says of a recorded file: its SHA-256 (uppercase, "" when not recorded) and ids. */
export interface RecordedFile {
	/** The row's URL: the Civitai origin that knew the file. */
	url: string;
	sha256: string;
	versionId: number | undefined;
	fileId: number | undefined;
}

/**
 * The (absolute) paths the history records, each with what its latest row says: a row's `path`, or for
 * a seed-era row without one, its category folder and file name (where `verify` looks too). An
 * unreadable history reads as empty here; the write that follows reports it.
 */
export async function recordedFiles(historyFile: string, downloadPaths: Settings["downloadPaths"]): Promise<Map<string, RecordedFile>> {
	const read = await readCsv(historyFile).catch(() => ({ rows: [] }));
	const out = new Map<string, RecordedFile>();
	for (const r of read.rows) {
		const cells = Object.fromEntries(Object.entries(r.cells).map(([k, v]) => [k, (v ?? "").trim()])) as HistoryRow;
		const path = pathOfRow({ ...emptyRow(), ...cells }, downloadPaths);
		if (!path) continue;
		const sha256 = /^[0-9a-f]{64}$/i.test(cells.sha256 ?? "") ? cells.sha256.toUpperCase() : "";
		out.set(resolve(path), { url: cells.url ?? "", sha256, versionId: intCell(cells.version_id), fileId: intCell(cells.file_id) });
	}
	return out;
}

/** The (absolute) paths the history records (see `recordedFiles`). */
export async function recordedPaths(historyFile: string, downloadPaths: Settings["downloadPaths"]): Promise<Set<string>> {
	return new Set((await recordedFiles(historyFile, downloadPaths)).keys());
}
