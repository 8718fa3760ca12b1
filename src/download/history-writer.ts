import { resolve } from "node:path";
import type { PathOwner } from "../core/collision.js";
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
	/** Path → whose file the latest row for it names (the history read once, when first needed, then kept up to date). */
	private recorded: Promise<Map<string, PathOwner>> | undefined;
	private loaded: Map<string, PathOwner> | undefined;
	/** The rows this run recorded, for an index read after some of them. */
	private readonly mine: HistoryRow[] = [];

	constructor(private readonly file: string) {}

	/** Append a row (it is on disk when this resolves); the path index learns it at once. */
	record(row: HistoryRow): Promise<void> {
		this.mine.push(row);
		if (this.loaded) remember(this.loaded, row);
		return new Promise((done, fail) => {
			this.queued.push({ row, done: (e) => (e === undefined ? done() : fail(e)) });
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

	/** The history's path index: each recorded path (made absolute) → the owner its latest row names. */
	index(): Promise<ReadonlyMap<string, PathOwner>> {
		this.recorded ??= readCsv(this.file)
			.then(
				(r) => r.rows.map((x) => x.cells),
				() => [],
			)
			.then((rows) => {
				const index = new Map<string, PathOwner>();
				for (const cells of [...rows, ...this.mine]) remember(index, cells);
				this.loaded = index;
				return index;
			});
		return this.recorded;
	}

	/** Whose file the history (as read at the first question, plus what this run recorded) says `path` holds. */
	async ownerOf(path: string): Promise<PathOwner | undefined> {
		return (await this.index()).get(resolve(path));
	}

	/** Whether the history records `path` at all. */
	async hasPath(path: string): Promise<boolean> {
		return (await this.ownerOf(path)) !== undefined;
	}

	/** Record a file found on disk but never recorded. */
	recordFound(row: HistoryRow): Promise<void> {
		return this.record(row);
	}
}

/** A row's path now holds the row's file (a later row wins). */
function remember(index: Map<string, PathOwner>, cells: Partial<Record<string, string>>): void {
	const path = (cells.path ?? "").trim();
	if (path === "") return;
	const cell = (k: string) => (cells[k] ?? "").trim();
	index.set(resolve(path), {
		versionId: cell("version_id"),
		fileId: cell("file_id"),
		sha256: cell("sha256"),
		sizeBytes: cell("size_bytes"),
	});
}
