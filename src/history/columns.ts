import { cleanText } from "../core/text.js";
import type { ErrorKind } from "../errors.js";

/** SPEC §2 history header; the first four are the seed's columns in the seed's order. */
export const HISTORY_COLUMNS = [
	"timestamp",
	"model_type",
	"url",
	"filename",
	"model_id",
	"version_id",
	"file_id",
	"size_bytes",
	"sha256",
	"path",
] as const;

export const SEED_COLUMNS = HISTORY_COLUMNS.slice(0, 4);

export const FAILED_COLUMNS = [...HISTORY_COLUMNS, "error_kind", "error"] as const;

/** One history row as text, exactly as the CSV holds it (empty string = unknown). */
export type HistoryRow = Record<(typeof HISTORY_COLUMNS)[number], string>;

export type FailedRow = HistoryRow & { error_kind: ErrorKind | ""; error: string };

export function emptyRow(): HistoryRow {
	return Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, ""])) as HistoryRow;
}

/** A number cell: undefined when empty or not a non-negative integer. */
export function intCell(v: string | undefined): number | undefined {
	if (v === undefined || !/^\d+$/.test(v.trim())) return undefined;
	return Number(v.trim());
}

const FORMULA_START = /^[=+\-@\t\r']/;

/** Guard a cell against spreadsheet formula injection (and keep the guard reversible). */
export function escapeCell(v: string): string {
	return FORMULA_START.test(v) ? `'${v}` : v;
}

/**
 * A cell as written: every cell round-trips exactly, but the failed list's `error` (a server's words
 * may be in it) goes on one line without escape codes or controls; then the formula guard.
 */
export function cellOut(column: string, v: string): string {
	return escapeCell(column === "error" ? cleanText(v) : v);
}

/** Text from a CSV quoted in a warning (a parser's note may quote the damaged line): no escape codes. */
export function quotedText(s: string): string {
	return cleanText(s);
}

export function unescapeCell(v: string): string {
	return v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v;
}

/** `YYYY-MM-DD HH:MM:SS` in local time. */
export function localTimestamp(d: Date): string {
	const p = (n: number) => String(n).padStart(2, "0");
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
