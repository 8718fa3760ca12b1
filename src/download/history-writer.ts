import type { HistoryRow } from "../history/columns.js";
import { appendHistoryRows, readCsv } from "../history/csv-file.js";
import { diskError } from "./transfer.js";

/**
 * The history as a run writes it. Rows go out in group commits: rows that finish while one
 * append+fsync is under way are written together by the next one. Each caller still waits until
 * its own row is on disk.
 */
export class HistoryWriter {
	private readonly queued: { row: HistoryRow; done: (e?: unknown) => void }[] = [];
	private flushing = false;
	/** The paths the history already records (read once, when first needed). */
	private recorded: Promise<Set<string>> | undefined;

	constructor(private readonly file: string) {}

	record(row: HistoryRow): Promise<void> {
		return new Promise((resolve, reject) => {
			this.queued.push({ row, done: (e) => (e === undefined ? resolve() : reject(e)) });
			if (!this.flushing) void this.flush();
		});
	}

	private async flush(): Promise<void> {
		this.flushing = true;
		while (this.queued.length > 0) {
			const batch = this.queued.splice(0);
			try {
				await appendHistoryRows(
					this.file,
					batch.map((b) => b.row),
				);
				for (const b of batch) b.done();
			} catch (e) {
				const err = diskError(e, this.file) ?? e;
				for (const b of batch) b.done(err);
			}
		}
		this.flushing = false;
	}

	private recordedPaths(): Promise<Set<string>> {
		this.recorded ??= readCsv(this.file).then(
			(r) => new Set(r.rows.map((x) => (x.cells.path ?? "").trim()).filter(Boolean)),
			() => new Set<string>(),
		);
		return this.recorded;
	}

	/** Whether the history (as read at the first question, plus what this run recorded) has `path`. */
	async hasPath(path: string): Promise<boolean> {
		return (await this.recordedPaths()).has(path);
	}

	/** Record a file found on disk but never recorded. */
	async recordFound(row: HistoryRow): Promise<void> {
		await this.record(row);
		(await this.recordedPaths()).add(row.path);
	}
}
