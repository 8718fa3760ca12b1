import { type BigIntStats, constants } from "node:fs";
import { access, copyFile, mkdir, open, readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import writeFileAtomic from "write-file-atomic";
import { ConfigError, CsvReadError } from "../errors.js";
import { type Msg, msg } from "../i18n/msg.js";
import { cellOut, FAILED_COLUMNS, HISTORY_COLUMNS, type HistoryRow, quotedText, unescapeCell } from "./columns.js";
import { type CsvEncoding, decodeCsv } from "./decode.js";
import { backUp, cutTornTail, fileEndsWithNewline, readHeader } from "./file-ops.js";
import { normaliseLineEnds } from "./line-ends.js";
import { endsWithRecord, withNewHeader } from "./rewrite.js";

export interface CsvRow {
	/** 1-based line number in the file where the record ends (for warnings). */
	line: number;
	/** 1-based line number where it starts (a cell may hold newlines). */
	firstLine: number;
	cells: Record<string, string>;
}

export interface CsvRead {
	rows: CsvRow[];
	/** One entry per skipped line: the line number and why. */
	/** Lines skipped, each with its message (file and line included). */
	warnings: { line: number; msg: Msg }[];
	/** The header as found in the file. */
	header: string[];
}

/**
 * Read a history-format CSV (the SPEC header, the seed's 4 columns, or a failed list). A corrupt
 * line is reported in `warnings` and skipped; the rest is used. A missing file reads as empty; one
 * that cannot be read (a folder, no permission) is a CsvReadError.
 */
export async function readCsv(path: string): Promise<CsvRead> {
	let buf: Buffer;
	try {
		buf = await readFile(path);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		if (code === "ENOENT") return { rows: [], warnings: [], header: [] };
		const why = code === "EISDIR" ? msg("csvIsFolder", { file: path }) : msg("csvUnreadable", { file: path, code: code ?? "?" });
		throw new CsvReadError(why, path, e);
	}
	const decoded = decodeCsv(buf);
	const read = parseCsv(decoded.text, path, { lossy: decoded.lossy });
	if (decoded.encoding !== "utf8") {
		const line = decoded.firstForeignLine ?? 1;
		read.warnings.unshift({ line, msg: msg("csvEncoding", { file: path, encoding: ENCODING_NAMES[decoded.encoding], line }) });
	}
	return read;
}

const ENCODING_NAMES: Record<CsvEncoding, string> = {
	utf8: "UTF-8",
	utf16le: "UTF-16",
	utf16be: "UTF-16 (big-endian)",
	shift_jis: "Shift-JIS",
	euc_jp: "EUC-JP",
};

/**
 * Parse a history-format CSV. `lossy`: the text came from bytes that were not all text, and a
 * record holding U+FFFD is skipped rather than trusted (a file name in it would be wrong).
 */
export function parseCsv(text: string, file = "(csv)", opts: { lossy?: boolean } = {}): CsvRead {
	const warnings: { line: number; msg: Msg }[] = [];
	const lines = normaliseLineEnds(text)
		.replace(/^\uFEFF/, "")
		.split("\n");
	if (lines.every((l) => l.trim() === "")) return { rows: [], warnings, header: [] };
	const headerLine = lines[0] ?? "";
	let header = parseHeader(headerLine);
	// Parse from line `from` (0-based) on. A record with an unclosed quote (a torn write) would
	// swallow everything after it, so it is skipped as one line and parsing resumes after it.
	let from = 1;
	if (!header.includes("url") || !header.includes("model_type")) {
		// no header we know: read the file as the usual history columns, line 1 included
		warnings.push({ line: 1, msg: msg("csvNoHeader", { file }) });
		header = [...HISTORY_COLUMNS];
		from = 0;
	}
	const rows: CsvRow[] = [];
	while (from < lines.length) {
		let lastEnd = from; // 0-based index of the line after the last complete record
		let torn = false;
		const records = parse(lines.slice(from).join("\n"), {
			relax_column_count: true,
			skip_empty_lines: true,
			skip_records_with_error: true,
			info: true,
			on_skip: (err: { message: string; code?: string; lines?: number } | undefined) => {
				if (err?.code === "CSV_QUOTE_NOT_CLOSED") torn = true;
				else if (err) {
					const line = from + (err.lines ?? 0);
					warnings.push({ line, msg: msg("csvBadLine", { file, line, detail: quotedText(err.message) }) });
				}
			},
		}) as unknown as { record: string[]; info: { lines: number } }[];
		for (const { record, info } of records) {
			const lineNo = from + info.lines; // 1-based line where the record ends
			lastEnd = lineNo;
			if (record.length !== header.length) {
				warnings.push({ line: lineNo, msg: msg("csvCellCount", { file, line: lineNo, expected: header.length, found: record.length }) });
				continue;
			}
			if (opts.lossy && record.some((c) => c.includes("\uFFFD"))) {
				warnings.push({ line: lineNo, msg: msg("csvNotText", { file, line: lineNo }) });
				continue;
			}
			const cells: Record<string, string> = {};
			header.forEach((h, i) => {
				cells[h] = unescapeCell(record[i] ?? "");
			});
			const span = record.reduce((n, c) => n + c.split("\n").length - 1, 0);
			rows.push({ line: lineNo, firstLine: lineNo - span, cells });
		}
		if (!torn) break;
		warnings.push({ line: lastEnd + 1, msg: msg("csvUnfinished", { file, line: lastEnd + 1 }) });
		from = lastEnd + 1;
	}
	return { rows, warnings, header };
}

function parseHeader(text: string): string[] {
	try {
		return (parse(text, { relax_column_count: true }) as string[][])[0]?.map((h) => h.trim()) ?? [];
	} catch {
		return []; // a header line with a stray quote is no header
	}
}

function line(columns: readonly string[], row: Record<string, string>): string {
	return stringify([columns.map((c) => cellOut(c, row[c] ?? ""))], { record_delimiter: "\n" });
}

/**
 * Append rows crash-safely: each call is one write of whole lines followed by fdatasync, so a
 * crash leaves at most a torn last line, which readers skip and the next append cuts (a last line
 * that parses is kept). A seed-format (4-column) file is first rewritten atomically with the full
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
		// one write(2) may take only part (a disk filling up): a torn line must not pass for our last append
		const bytes = Buffer.from(text);
		for (let done = 0; done < bytes.length; ) done += (await fh.write(bytes, done)).bytesWritten;
		await fh.datasync();
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
		if (!blank) await backUp(path);
		await writeFileAtomic(path, Buffer.concat([Buffer.from(`${columns.join(",")}\n`), ...body]), { fsync: true });
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
	await writeFileAtomic(path, decoded.text, { fsync: true });
}

/** Give a seed-format file the full header (after a backup), losing no line but a torn last one. */
async function migrate(path: string, columns: readonly string[]): Promise<void> {
	const raw = await readFile(path);
	const decoded = decodeCsv(raw);
	const { rows } = parseCsv(decoded.text, path, { lossy: decoded.lossy });
	await backUp(path);
	await writeFileAtomic(
		path,
		withNewHeader(raw, columns.join(","), rows, (r) => line(columns, r.cells)),
		{ fsync: true },
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

/** Write a whole CSV atomically (failed lists). */
export async function writeCsv(path: string, columns: readonly string[], rows: Record<string, string>[]): Promise<void> {
	await mkdir(dirname(path), { recursive: true });
	await writeFileAtomic(path, `${columns.join(",")}\n${rows.map((r) => line(columns, r)).join("")}`, { fsync: true });
}

export function appendHistory(path: string, row: HistoryRow): Promise<void> {
	return appendCsv(path, HISTORY_COLUMNS, [row]);
}

/** Several rows in one append and one fsync (a group commit). */
export function appendHistoryRows(path: string, rows: readonly HistoryRow[]): Promise<void> {
	return appendCsv(path, HISTORY_COLUMNS, [...rows]);
}

export { FAILED_COLUMNS, HISTORY_COLUMNS };
