import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { emptyRow, type HistoryRow } from "../../src/history/columns.js";
import { appendHistoryRows, parseCsv, readCsv } from "../../src/history/csv-file.js";
import { tempDir } from "../helpers.js";

const row = (vid: number, filename: string): HistoryRow => ({
	...emptyRow(),
	timestamp: "2026-01-01 00:00:00",
	model_type: "lora",
	url: `https://civitai.com/api/download/models/${vid}`,
	filename,
	version_id: String(vid),
	path: `/models/lora/${filename}`,
});

/** Every C0 control but `\n` (which quoting always covered), DEL, the C1 controls and the Unicode line breaks. */
const CONTROLS = [
	...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => c !== "\n"),
	"\x7f",
	"\x85",
	"\u2028",
	"\u2029",
];

describe("a control character in a cell (a file named a\\rb.safetensors)", () => {
	it("a bare CR is written quoted, and the history reads back every row with the name exact", async () => {
		const path = join(await tempDir(), "download_history.csv");
		await appendHistoryRows(path, [row(1, "a\rb.safetensors"), row(2, "normal.safetensors"), row(3, "other.safetensors")]);
		assert.match(await readFile(path, "utf8"), /,"a\rb\.safetensors",/);
		const read = await readCsv(path);
		assert.deepEqual(read.warnings, []);
		assert.deepEqual(
			read.rows.map((r) => [r.cells.filename, r.cells.path, r.line]),
			[
				["a\rb.safetensors", "/models/lora/a\rb.safetensors", 2],
				["normal.safetensors", "/models/lora/normal.safetensors", 3],
				["other.safetensors", "/models/lora/other.safetensors", 4],
			],
		);
	});

	for (const c of CONTROLS) {
		const name = `x${c}y.safetensors`;
		it(`U+${c.charCodeAt(0).toString(16).padStart(4, "0")} round-trips and loses no neighbour`, async () => {
			const path = join(await tempDir(), "download_history.csv");
			await appendHistoryRows(path, [row(1, "before.safetensors"), row(2, name), row(3, "after.safetensors")]);
			const read = await readCsv(path);
			assert.deepEqual(read.warnings, []);
			assert.deepEqual(
				read.rows.map((r) => r.cells.filename),
				["before.safetensors", name, "after.safetensors"],
			);
		});
	}

	it("a history written before (the CR unquoted) still reads whole: a bare CR ends no row", async () => {
		const header = "timestamp,model_type,url,filename,model_id,version_id,file_id,size_bytes,sha256,path";
		const line = (vid: number, f: string) =>
			`2026-01-01 00:00:00,lora,https://civitai.com/api/download/models/${vid},${f},,${vid},,,,/m/${f}\n`;
		const path = join(await tempDir(), "download_history.csv");
		await writeFile(path, `${header}\n${line(1, "a\rb.safetensors")}${line(2, "normal.safetensors")}${line(3, "other.safetensors")}`);
		const read = await readCsv(path);
		assert.deepEqual(read.warnings, []);
		assert.deepEqual(
			read.rows.map((r) => [r.cells.filename, r.line]),
			[
				["a\rb.safetensors", 2],
				["normal.safetensors", 3],
				["other.safetensors", 4],
			],
		);
	});

	it("CRLF line ends still end rows, and a damaged line is still named by its own line number", () => {
		const header = "timestamp,model_type,url,filename,model_id,version_id,file_id,size_bytes,sha256,path";
		const good = (vid: number, f: string) => `t,lora,https://civitai.com/api/download/models/${vid},${f},,${vid},,,,/m/${f}`;
		const text = [header, good(1, "a\rb.safetensors"), good(2, "b.safetensors"), 'x,"y"z,3', good(4, "d.safetensors"), ""].join("\r\n");
		const read = parseCsv(text, "h.csv");
		assert.deepEqual(
			read.rows.map((r) => [r.cells.filename, r.line]),
			[
				["a\rb.safetensors", 2],
				["b.safetensors", 3],
				["d.safetensors", 5],
			],
		);
		assert.deepEqual(
			read.warnings.filter((w) => w.msg.key === "csvBadLine").map((w) => w.line),
			[4],
		);
	});
});
