import type { CsvRow } from "./csv-read.js";

/**
 * How a history file is rewritten when it needs the full header (a seed-format file), decided
 * from its bytes and what the reader made of them: nothing the user had is dropped but a torn
 * last line.
 */

const NL = 0x0a;

/** The file's lines without their `\n`; a final newline adds no empty line. */
export function splitLines(raw: Uint8Array): Uint8Array[] {
	const lines: Uint8Array[] = [];
	let start = 0;
	for (let i = 0; i < raw.length; i++) {
		if (raw[i] === NL) {
			lines.push(raw.subarray(start, i));
			start = i + 1;
		}
	}
	if (start < raw.length) lines.push(raw.subarray(start));
	return lines;
}

/**
 * The file with `header` in place of its first line: each record that parsed is written again in
 * the new columns (`render` gives its line, newline included); every other line (damaged, or with
 * a cell count the old header did not expect) is kept byte for byte. An unterminated last line
 * that did not parse is a torn write and is left out.
 */
export function withNewHeader(raw: Uint8Array, header: string, rows: readonly CsvRow[], render: (row: CsvRow) => string): Buffer {
	const lines = splitLines(raw);
	const terminated = raw.length === 0 || raw[raw.length - 1] === NL;
	const byFirstLine = new Map(rows.map((r) => [r.firstLine, r]));
	const out: Uint8Array[] = [Buffer.from(`${header}\n`)];
	for (let n = 2; n <= lines.length; ) {
		const row = byFirstLine.get(n);
		if (row) {
			out.push(Buffer.from(render(row)));
			n = Math.max(row.line, n) + 1;
			continue;
		}
		if (n < lines.length || terminated) out.push(lines[n - 1]!, Buffer.from("\n"));
		n++;
	}
	return Buffer.concat(out);
}

/** Whether a file that does not end in a newline ends with a whole record that parsed (then it is kept). */
export function endsWithRecord(text: string, rows: readonly CsvRow[]): boolean {
	const lineCount = text.split("\n").length;
	return rows.length > 0 && rows[rows.length - 1]!.line === lineCount;
}
