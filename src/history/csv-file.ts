import { type BigIntStats, constants } from "node:fs";
import { access, copyFile, mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { stringify } from "csv-stringify/sync";
import { ConfigError } from "../errors.js";
import { msg } from "../i18n/msg.js";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { cannotSync } from "../platform/fs.js";
import { cellOut, FAILED_COLUMNS, HISTORY_COLUMNS, type HistoryRow } from "./columns.js";
import { parseCsv } from "./csv-read.js";
import { decodeCsv } from "./decode.js";
import { backUp, cutTornTail, fileEndsWithNewline, readHeader } from "./file-ops.js";
import { endsWithRecord, withNewHeader } from "./rewrite.js";

export { type CsvRead, type CsvRow, MAX_LIST_BYTES, parseCsv, readCsv } from "./csv-read.js";

/**
 * A cell holding any control character (a bare `\r` in a file name), or a Unicode line break, is
 * quoted: unquoted, a reader (ours before, a spreadsheet) could take it for the end of the line.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: quoting cells with control characters is the point
const NEEDS_QUOTES = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;

function line(columns: readonly string[], row: Record<string, string>): string {
	return stringify([columns.map((c) => cellOut(c, row[c] ?? ""))], { record_delimiter: "\n", quoted_match: NEEDS_QUOTES });
}

/**
 * Append rows crash-safely: each call is one write of whole lines followed by fdatasync, so a
 * crash leaves at most a torn last line, which readers skip and the next append cuts (a last line
 * that parses is kept); an append that fails (a full disk) is cut back to where it started. A seed-format (4-column) file is first rewritten atomically with the full
 * header, after a backup beside it (`<path>.bak`), every line kept: the rows that parse in the new
 * columns, the others verbatim. A file just as this process's last append left it (same file,
 * size and change times) needs none of these checks again: a run's appends skip them.
 */
export async function appendCsv(path: string, columns: readonly string[], rows: Record<string, string>[]): Promise<void> {
	const header = columns.join(",");
	const left = leftByUs.get(path);
	leftByUs.delete(path);
	const found = left && (await stat(path, { bigint: true }).catch(() => undefined));
	const unchanged = found !== undefined && left?.header === header && left.file === fileSignature(found);
	const prefix = unchanged ? "" : await readyForAppend(path, columns);
	const text = prefix + rows.map((r) => line(columns, r)).join("");
	const fh = await open(path, "a");
	try {
		const before = (await fh.stat()).size;
		// one write(2) may take only part (a disk filling up): a torn line must not pass for our last append
		const bytes = Buffer.from(text);
		try {
			for (let done = 0; done < bytes.length; ) done += (await fh.write(bytes, done)).bytesWritten;
			// a file system that cannot sync (a network share, some FUSE mounts): the line is written, as before
			await fh.datasync().catch((e: unknown) => {
				if (!cannotSync(e)) throw e;
			});
		} catch (e) {
			// whole rows or none: what the disk took of this append is taken back (a crash can still tear a line)
			await fh.truncate(before).catch(() => {});
			throw e;
		}
		leftByUs.set(path, { header, file: fileSignature(await fh.stat({ bigint: true })) });
	} finally {
		await fh.close();
	}
}

/** Path → the header and the file (see `fileSignature`) as this process's last append left them. */
const leftByUs = new Map<string, { header: string; file: string }>();

/** Which file, how long, last changed when (nanoseconds): another writer's change shows in one of them. */
function fileSignature(s: BigIntStats): string {
	return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/**
 * Make the file ready to take rows in `columns`: its folder made, a known header (migrated or
 * written when needed), UTF-8, a last line that ends. Returns what the append must start with (the
 * header of a new file, or the newline a whole last record lacks).
 */
async function readyForAppend(path: string, columns: readonly string[]): Promise<string> {
	await mkdir(dirname(path), { recursive: true });
	let size = -1;
	try {
		size = (await stat(path)).size;
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
	}
	if (size > 0 && !checkedEncoding.has(path)) {
		await toUtf8(path);
		checkedEncoding.add(path);
		size = (await stat(path)).size;
	}
	if (size <= 0) return `${columns.join(",")}\n`;
	const header = await readHeader(path);
	if (!header.includes("url")) {
		// blank, or no header we know (readers take it as the usual columns): give it the header, keeping every line
		const raw = await readFile(path);
		const text = raw.subarray(raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0);
		const blank = text.toString("utf8").trim() === "";
		const body = blank ? [] : text[text.length - 1] === 0x0a ? [text] : [text, Buffer.from("\n")];
		await rewrite(path, Buffer.concat([Buffer.from(`${columns.join(",")}\n`), ...body]), { backUp: !blank });
	} else if (columns.some((c) => !header.includes(c))) {
		await migrate(path, columns);
	} else if (!(await fileEndsWithNewline(path, size))) {
		return mendTail(path);
	}
	return "";
}

/** Paths whose encoding this process has already checked (appends are frequent; the check reads the whole file). */
const checkedEncoding = new Set<string>();

/**
 * A history that Excel saved as Shift-JIS or UTF-16 is rewritten in UTF-8 before we append to it,
 * so that it never mixes two encodings; the original is kept once as `<path>.<encoding>.bak`.
 */
async function toUtf8(path: string): Promise<void> {
	const buf = await readFile(path);
	const decoded = decodeCsv(buf);
	if (decoded.encoding === "utf8") return;
	const backup = `${path}.${decoded.encoding}.bak`;
	await copyFile(path, backup, constants.COPYFILE_EXCL).catch((e: NodeJS.ErrnoException) => {
		if (e.code !== "EEXIST") throw e;
	});
	await writeFileAtomic(path, decoded.text, HISTORY_WRITE);
}

/**
 * The history is the user's own file, named in their config: a symlink there (a history kept in a
 * synced folder) is followed, as the appends follow it.
 */
const HISTORY_WRITE = { links: "follow" } as const;

/**
 * Replace the history whole (after a backup beside it, `<path>.bak`): written in full or not at all.
 * When it cannot be written (a full disk), the history is left as it was and the backup, the same
 * bytes, is removed again; the error says so.
 */
async function rewrite(path: string, data: Uint8Array, opts: { backUp: boolean }): Promise<void> {
	const backup = opts.backUp ? await backUp(path) : undefined;
	try {
		await writeFileAtomic(path, data, HISTORY_WRITE);
	} catch (e) {
		if (backup !== undefined) await rm(backup, { force: true }).catch(() => {});
		throw e;
	}
}

/** Give a seed-format file the full header (after a backup), losing no line but a torn last one. */
async function migrate(path: string, columns: readonly string[]): Promise<void> {
	const raw = await readFile(path);
	const decoded = decodeCsv(raw);
	const { rows } = parseCsv(decoded.text, path, { lossy: decoded.lossy });
	await rewrite(
		path,
		withNewHeader(raw, columns.join(","), rows, (r) => line(columns, r.cells)),
		{ backUp: true },
	);
}

/**
 * A file whose last line has no newline: a whole record that parses is kept (the append starts
 * with the newline it lacks); anything else is half a row from a crash mid-write, and is cut.
 */
async function mendTail(path: string): Promise<string> {
	const decoded = decodeCsv(await readFile(path));
	if (endsWithRecord(decoded.text, parseCsv(decoded.text, path, { lossy: decoded.lossy }).rows)) return "\n";
	await cutTornTail(path);
	return "";
}

/**
 * Refuse, before a run starts, a history that cannot be written: a folder under its name, no write
 * permission, a read-only file system (a config error, exit 2: nothing has been downloaded yet).
 */
export async function checkWritable(path: string): Promise<void> {
	const there = await stat(path).catch(() => undefined);
	if (there?.isDirectory()) throw new ConfigError(msg("csvHistoryIsFolder", { file: path }), "history_file");
	// the file, or else the nearest folder that exists, must take writes
	let probe = path;
	if (!there) {
		probe = dirname(path);
		while (!(await stat(probe).catch(() => undefined)) && dirname(probe) !== probe) probe = dirname(probe);
	}
	try {
		await access(probe, constants.W_OK);
	} catch (e) {
		throw new ConfigError(msg("csvUnwritable", { file: path, code: (e as NodeJS.ErrnoException).code ?? "?" }), "history_file");
	}
}

/** Write a whole CSV atomically (failed lists): in full or not at all, never through a symlink. */
export async function writeCsv(path: string, columns: readonly string[], rows: Record<string, string>[]): Promise<void> {
	await mkdir(dirname(path), { recursive: true });
	await writeFileAtomic(path, `${columns.join(",")}\n${rows.map((r) => line(columns, r)).join("")}`);
}

export function appendHistory(path: string, row: HistoryRow): Promise<void> {
	return appendCsv(path, HISTORY_COLUMNS, [row]);
}

/** Several rows in one append and one fsync (a group commit). */
export function appendHistoryRows(path: string, rows: readonly HistoryRow[]): Promise<void> {
	return appendCsv(path, HISTORY_COLUMNS, [...rows]);
}

export { FAILED_COLUMNS, HISTORY_COLUMNS };
