import assert from "node:assert/strict";
import { appendFile, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { emptyRow, HISTORY_COLUMNS, type HistoryRow } from "../../src/history/columns.js";
import { appendHistory, parseCsv, readCsv } from "../../src/history/csv-file.js";
import { endsWithRecord, splitLines, withNewHeader } from "../../src/history/rewrite.js";
import { tempDir } from "../helpers.js";

/** Issue 19 item 4: no history line is lost when the file is rewritten or appended to. */

function row(p: Partial<HistoryRow>): HistoryRow {
	return { ...emptyRow(), timestamp: "2026-01-01 00:00:00", model_type: "lora", url: "https://civitai.com/x", ...p };
}

const SEED_HEADER = "timestamp,model_type,url,filename";
const SEED_ROW_A = "2024-10-24 10:00:00,lora,https://civitai.com/1,lora1.safetensors";
const DAMAGED = '2024-10-24 10:00:30,lora,"https://civitai.com/unterminated';
const WRONG_COUNT = "only,two";
const MULTILINE = '2024-10-24 10:01:00,lora,https://civitai.com/2,"two\nlines.safetensors"';
const SEED_ROW_B = "2024-10-24 10:02:00,checkpoint,https://civitai.com/3,checkpoint1.safetensors";

describe("a seed-format history with damaged lines, given the full header", () => {
	it("keeps every line (damaged ones verbatim), converts the rows that parse, and leaves a backup", async () => {
		const dir = await tempDir();
		const path = join(dir, "h.csv");
		const original = [SEED_HEADER, SEED_ROW_A, MULTILINE, DAMAGED, WRONG_COUNT, SEED_ROW_B, ""].join("\n");
		await writeFile(path, original);
		await appendHistory(path, row({ filename: "new.safetensors", version_id: "5" }));

		assert.equal(await readFile(`${path}.bak`, "utf8"), original, "the file as it was, beside it");
		const lines = (await readFile(path, "utf8")).split("\n");
		assert.equal(lines[0], HISTORY_COLUMNS.join(","));
		assert.ok(lines.includes(DAMAGED), "the damaged line is still there, byte for byte");
		assert.ok(lines.includes(WRONG_COUNT));
		const read = await readCsv(path);
		assert.deepEqual(
			read.rows.map((r) => r.cells.filename),
			["lora1.safetensors", "two\nlines.safetensors", "checkpoint1.safetensors", "new.safetensors"],
		);
		assert.equal(read.warnings.length, 2, "the two damaged lines are still reported when read");
	});

	it("never overwrites an older backup", async () => {
		const dir = await tempDir();
		const path = join(dir, "h.csv");
		await writeFile(`${path}.bak`, "older backup");
		await writeFile(path, `${SEED_HEADER}\n${SEED_ROW_A}\n`);
		await appendHistory(path, row({ filename: "new.safetensors" }));
		assert.equal(await readFile(`${path}.bak`, "utf8"), "older backup");
		assert.equal(await readFile(`${path}.2.bak`, "utf8"), `${SEED_HEADER}\n${SEED_ROW_A}\n`);
	});

	it("a file with no header at all is backed up before it gets one", async () => {
		const dir = await tempDir();
		const path = join(dir, "h.csv");
		await writeFile(path, `${SEED_ROW_A}\n`);
		await appendHistory(path, row({ filename: "new.safetensors" }));
		assert.deepEqual((await readdir(dir)).sort(), ["h.csv", "h.csv.bak"]);
	});
});

describe("a last line without a newline", () => {
	it("is kept when it is a whole row: the append adds the newline it lacks", async () => {
		const dir = await tempDir();
		const path = join(dir, "h.csv");
		await appendHistory(path, row({ filename: "one" }));
		await appendFile(path, "2026-01-01 00:00:01,lora,https://civitai.com/2,two,,,,,,/models/two");
		assert.deepEqual(
			(await readCsv(path)).rows.map((r) => r.cells.filename),
			["one", "two"],
			"history shows it",
		);
		await appendHistory(path, row({ filename: "three" }));
		const read = await readCsv(path);
		assert.deepEqual(
			read.rows.map((r) => r.cells.filename),
			["one", "two", "three"],
			"and the next append keeps it",
		);
		assert.deepEqual(read.warnings, []);
	});

	it("is cut when it does not parse (half a row from a crash)", async () => {
		const dir = await tempDir();
		const path = join(dir, "h.csv");
		await appendHistory(path, row({ filename: "one" }));
		await appendFile(path, "2026-01-01 00:00:01,lora,https://civitai.com/2,tw");
		await appendHistory(path, row({ filename: "three" }));
		const read = await readCsv(path);
		assert.deepEqual(
			read.rows.map((r) => r.cells.filename),
			["one", "three"],
		);
		assert.deepEqual(read.warnings, []);
	});
});

describe("withNewHeader (pure)", () => {
	const render = (r: { cells: Record<string, string> }) => `${r.cells.filename}!\n`;
	const cases: [string, string, string][] = [
		["rows re-rendered, a damaged line kept", "h,url,model_type\na,u,t\nbroken\nb,u,t\n", "NEW\na!\nbroken\nb!\n"],
		["a multi-line record is rendered once", 'h,url,model_type\n"x\ny",u,t\nz,u,t\n', "NEW\nx\ny!\nz!\n"],
		["an unterminated last line that parses is kept", "h,url,model_type\na,u,t\nb,u,t", "NEW\na!\nb!\n"],
		["an unterminated last line that does not parse is dropped", 'h,url,model_type\na,u,t\n"b,u', "NEW\na!\n"],
		["blank lines stay", "h,url,model_type\na,u,t\n\nb,u,t\n", "NEW\na!\n\nb!\n"],
	];
	for (const [what, input, expected] of cases) {
		it(what, () => {
			const rows = parseCsv(input.replace(/^h,/, "filename,")).rows;
			assert.equal(withNewHeader(Buffer.from(input), "NEW", rows, render).toString("utf8"), expected);
		});
	}

	it("splitLines and endsWithRecord", () => {
		assert.deepEqual(
			splitLines(Buffer.from("a\nb\n")).map((b) => Buffer.from(b).toString()),
			["a", "b"],
		);
		const text = "filename,url,model_type\na,u,t";
		assert.equal(endsWithRecord(text, parseCsv(text).rows), true);
		const torn = "filename,url,model_type\na,u,t\nb,";
		assert.equal(endsWithRecord(torn, parseCsv(torn).rows), false);
	});
});
