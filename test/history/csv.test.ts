import assert from "node:assert/strict";
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { emptyRow, HISTORY_COLUMNS, type HistoryRow } from "../../src/history/columns.js";
import { appendHistory, readCsv } from "../../src/history/csv-file.js";
import { tempDir } from "../helpers.js";

function row(p: Partial<HistoryRow>): HistoryRow {
	return { ...emptyRow(), timestamp: "2026-01-01 00:00:00", model_type: "lora", url: "https://civitai.com/api/download/models/1", ...p };
}

describe("history CSV", () => {
	it("round-trips commas, quotes, newlines, formula prefixes and Japanese", async () => {
		const dir = await tempDir();
		const path = join(dir, "h.csv");
		const tricky = ['a,b "c"\nd', '=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "'=kept", "夜桜スタイル.safetensors"];
		for (const t of tricky) await appendHistory(path, row({ filename: t, path: t }));
		const read = await readCsv(path);
		assert.deepEqual(read.warnings, []);
		assert.deepEqual(
			read.rows.map((r) => r.cells.filename),
			tricky,
		);
		const text = await readFile(path, "utf8");
		assert.match(text, /^timestamp,model_type,url,filename,model_id,version_id,file_id,size_bytes,sha256,path\n/);
		assert.ok(!/(^|,)=HYPERLINK/m.test(text), "formula cells are escaped on disk");
	});

	it("reads past a torn line (an unclosed quote) without losing the rows after it", async () => {
		const dir = await tempDir();
		const path = join(dir, "h.csv");
		await appendHistory(path, row({ filename: "one" }));
		await appendFile(path, '2026-01-01 00:00:01,lora,"https://civitai.com/unterminated\n');
		await appendFile(path, "2026-01-01 00:00:02,lora,u,three,,,,,,\n");
		const read = await readCsv(path);
		assert.deepEqual(
			read.rows.map((r) => r.cells.filename),
			["one", "three"],
		);
		assert.deepEqual(
			read.warnings.map((w) => w.line),
			[3],
		);
	});

	it("cuts a torn last line (a crash mid-write) before appending, so the new row is whole", async () => {
		const dir = await tempDir();
		const path = join(dir, "h.csv");
		await appendHistory(path, row({ filename: "one" }));
		await appendFile(path, '2026-01-01 00:00:01,lora,"https://civitai.com/unterminated');
		assert.equal((await readCsv(path)).warnings.length, 1, "the torn line is reported when read");
		await appendHistory(path, row({ filename: "two" }));
		const read = await readCsv(path);
		assert.deepEqual(
			read.rows.map((r) => r.cells.filename),
			["one", "two"],
		);
		assert.deepEqual(read.warnings, []);
	});

	it("warns about a corrupt line in the middle and uses the rest", async () => {
		const dir = await tempDir();
		const path = join(dir, "h.csv");
		await writeFile(path, `${HISTORY_COLUMNS.join(",")}\nt,lora,u1,a,,,,,,\nbroken line\nt,lora,u2,b,,,,,,\n`);
		const read = await readCsv(path);
		assert.deepEqual(
			read.rows.map((r) => r.cells.filename),
			["a", "b"],
		);
		assert.deepEqual(
			read.warnings.map((w) => w.line),
			[3],
		);
	});

	it("migrates a seed-format 4-column file to the full header, losing no row", async () => {
		const dir = await tempDir();
		const path = join(dir, "h.csv");
		await writeFile(
			path,
			"timestamp,model_type,url,filename\n2024-10-24 10:00:00,lora,https://civitai.com/1,lora1.safetensors\n2024-10-24 10:01:00,checkpoint,https://civitai.com/2,checkpoint1.safetensors\n",
		);
		await appendHistory(path, row({ filename: "new.safetensors", version_id: "5", sha256: "AB" }));
		const text = await readFile(path, "utf8");
		assert.equal(text.split("\n")[0], HISTORY_COLUMNS.join(","));
		const read = await readCsv(path);
		assert.deepEqual(
			read.rows.map((r) => [r.cells.filename, r.cells.version_id]),
			[
				["lora1.safetensors", ""],
				["checkpoint1.safetensors", ""],
				["new.safetensors", "5"],
			],
		);
	});

	it("reads a missing file as empty", async () => {
		const dir = await tempDir();
		assert.deepEqual((await readCsv(join(dir, "none.csv"))).rows, []);
	});
});
