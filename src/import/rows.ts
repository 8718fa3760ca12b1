import { basename } from "node:path";
import { canonicalDownloadUrl } from "../core/targets.js";
import { emptyRow, type HistoryRow, localTimestamp } from "../history/columns.js";
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
		sha256: f.sha256,
		path: f.path,
	};
}
