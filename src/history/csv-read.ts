import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { CsvReadError } from "../errors.js";
import { type Msg, msg } from "../i18n/msg.js";
import { BoundedReadError, type FileBounds, readBoundedFile } from "../platform/bounded-file.js";
import { HISTORY_COLUMNS, quotedText, unescapeCell } from "./columns.js";
import { type CsvEncoding, decodeCsv } from "./decode.js";
import { normaliseLineEnds } from "./line-ends.js";

/** Reading history-format CSVs: the history, failed lists, someone else's list (`--from`). */

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

/** The most a list we did not write (`--from`, a failed list beside the history) may hold: far more than any real one. */
export const MAX_LIST_BYTES = 64 * 1024 * 1024;

/**
 * Read a history-format CSV (the SPEC header, the seed's 4 columns, or a failed list). A corrupt
 * line is reported in `warnings` and skipped; the rest is used. A missing file reads as empty; one
 * that cannot be read (a folder, no permission) is a CsvReadError. With `bounds` (a list someone
 * else wrote), a larger file, or with `ownOnly` a link or anything but a regular file, is one too.
 */
export async function readCsv(path: string, bounds?: FileBounds): Promise<CsvRead> {
	let buf: Buffer;
	try {
		buf = bounds ? await readBoundedFile(path, bounds) : await readFile(path);
	} catch (e) {
		if (e instanceof BoundedReadError) {
			const why =
				e.refusal === "too_big"
					? msg("csvTooBig", { file: path, limitMiB: bounds!.maxBytes / 2 ** 20 })
					: msg("csvNotRegular", { file: path });
			throw new CsvReadError(why, path, e);
		}
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
	const warned = new Set<number>();
	while (from < lines.length) {
		let lastEnd = from; // 0-based index of the line after the last complete record
		let torn = false;
		const chunk = Buffer.from(lines.slice(from).join("\n"));
		// line numbers count `\n` only: the parser would count a bare `\r` in a cell as a line of its own
		const lineAt = newlineCounter(chunk);
		const records = parse(chunk, {
			relax_column_count: true,
			skip_empty_lines: true,
			skip_records_with_error: true,
			// only `\n` (or `\r\n`) ends a record: a bare `\r` in a file name is part of its cell, and the
			// neighbouring rows stay rows (the parser would otherwise guess `\r` as the line end)
			record_delimiter: ["\r\n", "\n"],
			info: true,
			on_skip: (err: { message: string; code?: string; bytes?: number } | undefined) => {
				if (err?.code === "CSV_QUOTE_NOT_CLOSED") torn = true;
				else if (err) {
					const line = from + lineAt(err.bytes ?? 0);
					// the parser may report one damaged record twice
					if (warned.has(line)) return;
					warned.add(line);
					warnings.push({ line, msg: msg("csvBadLine", { file, line, detail: quotedText(err.message) }) });
				}
			},
		}) as unknown as { record: string[]; info: { bytes: number } }[];
		for (const { record, info } of records) {
			const lineNo = from + lineAt(info.bytes - 1); // 1-based line where the record ends
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

/** For a buffer: the 1-based line holding byte `at` (the `\n`s before it, plus one). */
function newlineCounter(buf: Buffer): (at: number) => number {
	const ends: number[] = [];
	for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) ends.push(i);
	return (at) => {
		let lo = 0;
		let hi = ends.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (ends[mid]! < at) lo = mid + 1;
			else hi = mid;
		}
		return lo + 1;
	};
}

function parseHeader(text: string): string[] {
	try {
		return (parse(text, { relax_column_count: true }) as string[][])[0]?.map((h) => h.trim()) ?? [];
	} catch {
		return []; // a header line with a stray quote is no header
	}
}
