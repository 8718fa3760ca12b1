import { mkdir, open } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ErrorKind } from "../errors.js";
import { emptyRow, type FailedRow, type HistoryRow, localTimestamp } from "../history/columns.js";
import { FAILED_COLUMNS, writeCsv } from "../history/csv-file.js";
import type { Placed } from "./placement.js";

/** What the failed list needs to know of an item that failed. */
export interface FailedItem {
	label: string;
	row?: HistoryRow | undefined;
}

/** The failed list of a run: one row per failed or parked item, written once at the end in item order. */
export class FailedList {
	private readonly rows: (FailedRow & { index: number })[] = [];

	get size(): number {
		return this.rows.length;
	}

	/** The row for an item: its source row, updated with what the run learned of it (where it would go). */
	add(index: number, item: FailedItem, p: Placed | undefined, kind: ErrorKind, message: string, at: Date): void {
		const row: HistoryRow = item.row ? { ...item.row } : emptyRow();
		if (p) {
			Object.assign(row, {
				model_type: p.category,
				url: p.resolved.downloadUrl,
				filename: p.name,
				model_id: String(p.resolved.modelId || ""),
				version_id: String(p.resolved.versionId),
				file_id: String(p.resolved.fileId),
				size_bytes: p.resolved.sizeBytes === undefined ? row.size_bytes : String(p.resolved.sizeBytes),
				sha256: p.resolved.sha256 ?? row.sha256,
				path: p.path,
			});
		} else if (!row.url) row.url = item.label;
		row.timestamp = localTimestamp(at);
		this.rows.push({ ...row, error_kind: kind, error: message, index });
	}

	/**
	 * Write the list: to `path` when given (replaced if there), else next to the history as
	 * `failed-YYYYMMDD-HHMMSS.csv`, never replacing an existing list (`-2`, `-3`... when taken).
	 */
	async write(path: string | undefined, historyFile: string, startedAt: Date): Promise<string> {
		const target = path ?? (await reserveName(dirname(historyFile), `failed-${compactStamp(startedAt)}`));
		const sorted = [...this.rows].sort((a, b) => a.index - b.index);
		await writeCsv(
			target,
			FAILED_COLUMNS,
			sorted.map(({ index: _, ...row }) => row),
		);
		return target;
	}
}

function compactStamp(d: Date): string {
	return localTimestamp(d).replace(/[-:]/g, "").replace(" ", "-");
}

/** A new file `<stem>.csv` (or `<stem>-N.csv`) in `dir`, created exclusively so two runs never share one. */
async function reserveName(dir: string, stem: string): Promise<string> {
	await mkdir(dir, { recursive: true });
	for (let n = 1; ; n++) {
		const path = join(dir, n === 1 ? `${stem}.csv` : `${stem}-${n}.csv`);
		try {
			await (await open(path, "wx")).close();
			return path;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
		}
	}
}
