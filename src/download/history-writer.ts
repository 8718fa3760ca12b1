import { readdir } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { Settings } from "../config/load.js";
import type { PathOwner } from "../core/collision.js";
import { foldName } from "../core/path-case.js";
import { DownloadError, WriteError } from "../errors.js";
import { emptyRow, type HistoryRow } from "../history/columns.js";
import { appendHistoryRows, readCsv } from "../history/csv-file.js";
import { msg } from "../i18n/msg.js";
import { recordedPathHere } from "../library/entries.js";
import { FolderCases } from "../platform/folder-case.js";
import { diskError } from "./transfer.js";

/** The history's paths, each → whose file its latest row names; asked for a path whose folder has been probed. */
export interface PathIndex {
	ownerOf(path: string): PathOwner | undefined;
}

/**
 * The history as a run writes it. Rows go out in group commits: rows that finish while one
 * append+fsync is under way are written together by the next one. Each caller still waits until
 * its own row is on disk.
 */
export class HistoryWriter {
	private readonly queued: { row: HistoryRow; done: (e?: unknown) => void }[] = [];
	private flushing = false;
	/** Path → whose file the latest row for it names (the history read once, when first needed, then kept up to date). */
	private recorded: Promise<PathIndex> | undefined;
	private loaded: Map<string, PathOwner> | undefined;
	/** The rows this run recorded, for an index read after some of them. */
	private readonly mine: HistoryRow[] = [];

	/**
	 * `cases`: how each folder compares names (the run's, shared with its path claims): on a
	 * case-insensitive folder `Detail.safetensors` and `detail.safetensors` are one path.
	 * `downloadPaths`: where a row written on another system (`D:\...` read on Linux) has its file.
	 */
	constructor(
		private readonly file: string,
		private readonly where: { cases?: FolderCases; downloadPaths: Settings["downloadPaths"] },
	) {}

	private get cases(): FolderCases {
		this.where.cases ??= new FolderCases();
		return this.where.cases;
	}

	/** Append a row (it is on disk when this resolves); the path index learns it at once. */
	record(row: HistoryRow): Promise<void> {
		this.mine.push(row);
		if (this.loaded) this.remember(this.loaded, row);
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

	/**
	 * The history's path index: each recorded path (made absolute, and where its folder compares names
	 * case-insensitively, keyed as that folder compares them) → the owner its latest row names. Each
	 * recorded folder is probed once.
	 */
	index(): Promise<PathIndex> {
		this.recorded ??= readCsv(this.file)
			.then(
				(r) => r.rows.map((x) => x.cells),
				() => [],
			)
			.then(async (rows) => {
				await this.cases.learn([...rows, ...this.mine].flatMap((cells) => this.pathOf(cells) ?? []));
				const index = new Map<string, PathOwner>();
				const spellings = new Map<string, Map<string, PathOwner>>();
				for (const cells of rows) this.remember(index, cells, spellings);
				await settleContests(index, spellings);
				for (const cells of this.mine) this.remember(index, cells);
				this.loaded = index;
				return { ownerOf: (path: string) => index.get(this.cases.keyOf(path)) };
			});
		return this.recorded;
	}

	/** Whose file the history (as read at the first question, plus what this run recorded) says `path` holds. */
	async ownerOf(path: string): Promise<PathOwner | undefined> {
		const index = await this.index();
		await this.cases.keyFor(path);
		return index.ownerOf(path);
	}

	/** Whether the history records `path` at all. */
	async hasPath(path: string): Promise<boolean> {
		return (await this.ownerOf(path)) !== undefined;
	}

	/** Record a file found on disk but never recorded. */
	recordFound(row: HistoryRow): Promise<void> {
		return this.record(row);
	}

	/** A row's recorded path here (one written on another system: in its category folder); undefined: none. */
	private pathOf(cells: Partial<Record<string, string>>): string | undefined {
		const row = { ...emptyRow(), ...cells } as HistoryRow;
		if ((row.path ?? "").trim() === "") return undefined;
		return recordedPathHere({ ...row, path: row.path.trim() }, this.where.downloadPaths)?.path;
	}

	/** A row's path now holds the row's file (a later row wins); `spellings` collects each key's paths as written. */
	private remember(
		index: Map<string, PathOwner>,
		cells: Partial<Record<string, string>>,
		spellings?: Map<string, Map<string, PathOwner>>,
	): void {
		const path = this.pathOf(cells);
		if (path === undefined) return;
		const cell = (k: string) => (cells[k] ?? "").trim();
		const owner = { versionId: cell("version_id"), fileId: cell("file_id"), sha256: cell("sha256"), sizeBytes: cell("size_bytes") };
		const key = this.cases.keyOf(path);
		index.set(key, owner);
		if (!spellings) return;
		const seen = spellings.get(key) ?? new Map<string, PathOwner>();
		seen.set(path, owner);
		spellings.set(key, seen);
	}
}

/**
 * One path of a case-insensitive folder that the history names in several spellings (a library moved
 * from ext4, where `Detail.safetensors` and `detail.safetensors` were two files, to exFAT, where only
 * one of them can be): it holds the file of the row whose name the folder shows, not the latest row's.
 */
async function settleContests(index: Map<string, PathOwner>, spellings: Map<string, Map<string, PathOwner>>): Promise<void> {
	for (const [key, seen] of spellings) {
		if (seen.size < 2) continue;
		const first = [...seen.keys()][0]!;
		const names = await readdir(dirname(first)).catch(() => [] as string[]);
		const shown = names.find((n) => foldName(n) === foldName(basename(first)));
		const owner = [...seen].reverse().find(([path]) => basename(path) === shown)?.[1];
		if (owner) index.set(key, owner);
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
