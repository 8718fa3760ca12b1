import { resolve } from "node:path";
import type { PathOwner } from "../core/collision.js";
import { DownloadError, WriteError } from "../errors.js";
import type { HistoryRow } from "../history/columns.js";
import { appendHistoryRows, readCsv } from "../history/csv-file.js";
import { msg } from "../i18n/msg.js";
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
				for (const b of batch) b.done(historyWriteError(e, this.file, b.row));
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

/** Write errors that mean the disk holding the history is full (the run stops and parks the rest). */
const FULL = new Set(["ENOSPC", "EDQUOT"]);

/**
 * Why a row could not be recorded: a full disk in words that say the file is in place and the
 * history unchanged (the system's error kept as the cause, so the run stops); else the disk error
 * of the history file, or the error as it is.
 */
function historyWriteError(e: unknown, file: string, row: HistoryRow): unknown {
	const cause = e instanceof WriteError ? e.cause : e;
	if (FULL.has((cause as NodeJS.ErrnoException | null)?.code ?? "")) {
		return new DownloadError("disk", msg("errHistoryFull", { name: row.filename, path: file }), { cause });
	}
	return diskError(e, file) ?? e;
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
