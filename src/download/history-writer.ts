import { open, stat } from "node:fs/promises";
import type { Settings } from "../config/load.js";
import type { PathOwner } from "../core/collision.js";
import { DownloadError, WriteError } from "../errors.js";
import { emptyRow, HISTORY_COLUMNS, type HistoryRow } from "../history/columns.js";
import { appendHistoryRows, parseCsv } from "../history/csv-file.js";
import { decodeCsv } from "../history/decode.js";
import { msg } from "../i18n/msg.js";
import { recordedPathHere } from "../library/entries.js";
import { FolderCases } from "../platform/folder-case.js";
import { knownHeader, settleContests } from "./history-read.js";
import { diskError } from "./transfer.js";

/** The history lock, taken for one append at a time (absent: the caller coordinates). */
export interface HistoryLock {
	take(): Promise<() => Promise<void>>;
}

/** The history's paths, each → whose file its latest row names; asked for a path whose folder has been probed. */
export interface PathIndex {
	ownerOf(path: string): PathOwner | undefined;
}

export interface HistoryWriterOptions {
	/** The history lock for each append (absent: the caller coordinates). */
	lock?: HistoryLock | undefined;
	/**
	 * How each folder compares names (the run's, shared with its path claims): on a case-insensitive
	 * folder `Detail.safetensors` and `detail.safetensors` are one path.
	 */
	cases?: FolderCases;
	/** Where a row written on another system (`D:\...` read on Linux) has its file. */
	downloadPaths: Settings["downloadPaths"];
}

/** How far the file was read: which file (a rewrite makes a new one), and the bytes up to the end of its last whole line. */
interface ReadTo {
	dev: number;
	ino: number;
	bytes: number;
	/** The file's header line, for reading what was appended after `bytes` (undefined: read it all again on a change). */
	header: string | undefined;
}

/**
 * The history as a run writes it. Rows go out in group commits: rows that finish while one
 * append+fsync is under way are written together by the next one, under the history lock (taken
 * for that append only: other runs append between ours). Each caller still waits until its own row
 * is on disk.
 *
 * The path index (which file each recorded path holds) follows the file: each question first reads
 * what was appended since the last one (another run's rows too), so a file another run just
 * finished is known as recorded.
 */
export class HistoryWriter {
	private readonly queued: { row: HistoryRow; done: (e?: unknown) => void }[] = [];
	private flushing = false;
	/** A path's key (as its folder compares names) → whose file the latest row for it names. */
	private readonly paths = new Map<string, PathOwner>();
	private readTo: ReadTo | undefined;
	/** Rows this run recorded that are not on disk yet: they win over what the file says until they are there. */
	private readonly pending = new Set<HistoryRow>();
	/** The index's reads, one after another (each question reads what came before it was asked). */
	private reading: Promise<unknown> = Promise.resolve();
	/**
	 * How many times rows were read from the file (another run's, or all of it again). A look at a
	 * file's place made before this changed may be out of date: another run may have recorded it since.
	 */
	generation = 0;

	constructor(
		private readonly file: string,
		private readonly where: HistoryWriterOptions,
	) {}

	private get cases(): FolderCases {
		this.where.cases ??= new FolderCases();
		return this.where.cases;
	}

	/** Append a row (it is on disk when this resolves); the path index learns it with its next read. */
	record(row: HistoryRow): Promise<void> {
		this.pending.add(row);
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
				const release = await this.where.lock?.take();
				try {
					// under the lock, and between the index's reads: what others appended is read first, so
					// that what the append adds is ours alone
					await this.inOrder(async () => {
						const before = await this.catchUp();
						await appendHistoryRows(
							this.file,
							batch.map((b) => b.row),
						);
						await this.rememberAll(batch.map((b) => b.row));
						await this.appended(before);
					});
				} finally {
					await release?.();
				}
				for (const b of batch) b.done();
			} catch (e) {
				for (const b of batch) b.done(historyWriteError(e, this.file, b.row));
			} finally {
				for (const b of batch) this.pending.delete(b.row);
			}
		}
		this.flushing = false;
	}

	/**
	 * The history's path index as the file holds it now: each recorded path (made absolute, keyed as
	 * its folder compares names; a row written on another system at its place here) → the owner its
	 * latest row names. Each recorded folder is probed once.
	 */
	async index(): Promise<PathIndex> {
		await this.inOrder(() => this.catchUp());
		return { ownerOf: (path: string) => this.paths.get(this.cases.keyOf(path)) };
	}

	/** One read of the file at a time, in the order asked. */
	private inOrder<T>(fn: () => Promise<T>): Promise<T> {
		const run = this.reading.then(fn);
		this.reading = run.catch(() => {});
		return run;
	}

	/**
	 * Read what the file gained since the last read (all of it when it is another file now, or
	 * shorter); the file as it was then read (undefined: there is none).
	 */
	private async catchUp(): Promise<{ dev: number; ino: number; size: number } | undefined> {
		const s = await stat(this.file).catch(() => undefined);
		if (s?.isFile()) {
			const was = this.readTo;
			const same = was !== undefined && was.dev === s.dev && was.ino === s.ino && s.size >= was.bytes;
			if (!same || s.size !== was.bytes) {
				this.generation++;
				if (same && was.header !== undefined) await this.readTail(was, s.size);
				else await this.readAll();
			}
		}
		await this.rememberAll([...this.pending]);
		return s?.isFile() ? { dev: s.dev, ino: s.ino, size: s.size } : undefined;
	}

	/**
	 * After our own append (under the lock, the file read up to its end just before): the bytes it
	 * added are our rows, known already; the next read starts after them. A file the append rewrote
	 * (a seed header migrated, another encoding) is read again next time.
	 */
	private async appended(before: { dev: number; ino: number; size: number } | undefined): Promise<void> {
		const s = await stat(this.file).catch(() => undefined);
		if (!s?.isFile()) return;
		const was = this.readTo;
		if (before === undefined) {
			// a new file: our header (the history's columns) and our rows
			this.readTo = { dev: s.dev, ino: s.ino, bytes: s.size, header: HISTORY_COLUMNS.join(",") };
		} else if (was && was.dev === s.dev && was.ino === s.ino && before.ino === s.ino && was.bytes === before.size) {
			this.readTo = { ...was, bytes: s.size };
		}
	}

	private async readAll(): Promise<void> {
		this.paths.clear();
		this.readTo = undefined;
		const fh = await open(this.file, "r").catch(() => undefined);
		if (fh === undefined) return;
		let buf: Buffer;
		let s: { dev: number; ino: number };
		try {
			// the file's identity and bytes from one open file: a rewrite between the two cannot mix them
			s = await fh.stat();
			buf = await fh.readFile();
		} catch {
			return; // unreadable (a folder at the name): an empty history, as before
		} finally {
			await fh.close();
		}
		const decoded = decodeCsv(buf);
		await this.rememberAll(
			parseCsv(decoded.text, this.file, { lossy: decoded.lossy }).rows.map((r) => r.cells),
			true,
		);
		// only UTF-8 with a known header can be read on from a byte offset; anything else is read whole on a change
		const header = decoded.encoding === "utf8" ? knownHeader(decoded.text) : undefined;
		this.readTo = { dev: s.dev, ino: s.ino, bytes: buf.lastIndexOf(0x0a) + 1, header };
	}

	/** The whole lines appended after `was.bytes` (a line still being written is read next time). */
	private async readTail(was: ReadTo, size: number): Promise<void> {
		const fh = await open(this.file, "r");
		let tail: Buffer;
		try {
			tail = Buffer.alloc(size - was.bytes);
			let got = 0;
			while (got < tail.length) {
				const { bytesRead } = await fh.read(tail, got, tail.length - got, was.bytes + got);
				if (bytesRead === 0) break;
				got += bytesRead;
			}
			tail = tail.subarray(0, got);
		} finally {
			await fh.close();
		}
		const whole = tail.lastIndexOf(0x0a) + 1;
		if (whole === 0) return;
		const text = `${was.header}\n${tail.subarray(0, whole).toString("utf8")}`;
		await this.rememberAll(parseCsv(text, this.file).rows.map((r) => r.cells));
		this.readTo = { ...was, bytes: was.bytes + whole };
	}

	/** Whose file the history (as the file holds it now, plus what this run is recording) says `path` holds. */
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

	/**
	 * These rows' paths now hold their files (a later row wins), their folders probed first. `contests`:
	 * a path the rows name in several spellings of one case-insensitive folder holds the file of the row
	 * whose name the folder shows (see settleContests).
	 */
	private async rememberAll(rows: readonly Partial<Record<string, string>>[], contests = false): Promise<void> {
		const placed = rows.flatMap((cells) => {
			const path = this.pathOf(cells);
			return path === undefined ? [] : [{ cells, path }];
		});
		await this.cases.learn(placed.map((p) => p.path));
		const spellings = new Map<string, Map<string, PathOwner>>();
		for (const { cells, path } of placed) {
			const cell = (k: string) => (cells[k] ?? "").trim();
			const owner = { versionId: cell("version_id"), fileId: cell("file_id"), sha256: cell("sha256"), sizeBytes: cell("size_bytes") };
			const key = this.cases.keyOf(path);
			this.paths.set(key, owner);
			const seen = spellings.get(key) ?? new Map<string, PathOwner>();
			seen.set(path, owner);
			spellings.set(key, seen);
		}
		if (contests) await settleContests(this.paths, spellings);
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
