import { mkdir, open, readdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type ErrorKind, WriteError } from "../errors.js";
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
	 * A list that cannot be written (a full disk) throws a FailedListError naming where it would go.
	 */
	async write(path: string | undefined, historyFile: string, startedAt: Date): Promise<string> {
		try {
			return await this.writeTo(path, historyFile, startedAt);
		} catch (e) {
			throw e instanceof FailedListError ? e : new FailedListError(path ?? dirname(historyFile), e);
		}
	}

	private async writeTo(path: string | undefined, historyFile: string, startedAt: Date): Promise<string> {
		const target = path ?? (await reserveName(dirname(historyFile), `failed-${compactStamp(startedAt)}`));
		const sorted = [...this.rows].sort((a, b) => a.index - b.index);
		try {
			await writeCsv(
				target,
				FAILED_COLUMNS,
				sorted.map(({ index: _, ...row }) => row),
			);
		} catch (e) {
			// not written whole (a full disk): the empty file that reserved the name goes too
			if (path === undefined) await rm(target, { force: true }).catch(() => {});
			throw new FailedListError(target, e);
		}
		// lists beside the history would pile up run after run: the newest are kept, the rest removed
		if (path === undefined) await pruneFailedLists(dirname(historyFile)).catch(() => {});
		return target;
	}
}

/** The failed list was not written: `path` is where it would have gone, `cause` why. */
export class FailedListError extends Error {
	constructor(
		readonly path: string,
		cause: unknown,
	) {
		super(`the failed list ${path} was not written`, { cause });
	}

	/** The system's error code (ENOSPC, EACCES...); undefined when the cause is not a file-system error. */
	get systemCode(): string | undefined {
		const cause = this.cause instanceof WriteError ? this.cause.cause : this.cause;
		return (cause as NodeJS.ErrnoException | null)?.code;
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

/** How far back `recentFailedLists` looks, and how many lists it takes at most. */
export const RECENT_FAILED_LISTS = { withinMs: 7 * 24 * 3600_000, max: 20 };

/**
 * How many failed lists are kept beside the history (issue 27, point 14): the newest, as many as
 * `recentFailedLists` reads, so that putting recently failed items last (issue 25) still sees them all.
 */
export const KEEP_FAILED_LISTS = RECENT_FAILED_LISTS.max;

/** The failed lists runs wrote in `dir` (`failed-YYYYMMDD-HHMMSS[-N].csv`), newest first by the time in their name. */
async function failedListsIn(dir: string): Promise<{ path: string; at: number }[]> {
	const names = await readdir(dir).catch(() => [] as string[]);
	const lists: { path: string; at: number; n: number }[] = [];
	for (const name of names) {
		const m = /^failed-(\d{4})(\d\d)(\d\d)-(\d\d)(\d\d)(\d\d)(?:-(\d+))?\.csv$/.exec(name);
		if (!m) continue;
		const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
		lists.push({ path: join(dir, name), at: new Date(y, mo - 1, d, h, mi, sec).getTime(), n: Number(m[7] ?? 1) });
	}
	return lists.sort((a, b) => b.at - a.at || b.n - a.n);
}

/** Remove all but the newest `KEEP_FAILED_LISTS` failed lists in `dir` (other files are not ours). */
async function pruneFailedLists(dir: string): Promise<void> {
	for (const l of (await failedListsIn(dir)).slice(KEEP_FAILED_LISTS)) await rm(l.path, { force: true });
}

/**
 * The failed lists runs wrote next to the history that started within `RECENT_FAILED_LISTS.withinMs`
 * before `nowMs`, newest first, at most `RECENT_FAILED_LISTS.max`. Lists written elsewhere
 * (`--failed-out`) are not among them.
 */
export async function recentFailedLists(historyFile: string, nowMs: number): Promise<string[]> {
	const lists = (await failedListsIn(dirname(historyFile))).filter((l) => l.at <= nowMs && nowMs - l.at <= RECENT_FAILED_LISTS.withinMs);
	return lists.slice(0, RECENT_FAILED_LISTS.max).map((l) => l.path);
}
