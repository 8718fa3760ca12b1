import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readCsv } from "../../src/history/csv-file.js";
import { normaliseLineEnds } from "../../src/history/line-ends.js";
import { tempDir } from "../helpers.js";

describe("line-ending debris (\\r\\r\\n from Python's csv on Windows)", () => {
	const table: [string, string, string][] = [
		["\\r\\r\\n becomes \\r\\n", "a\r\r\nb\r\r\n", "a\r\nb\r\n"],
		["longer runs too", "a\r\r\r\nb", "a\r\nb"],
		["at the very end", "a\r\r", "a\r"],
		["CRLF and LF stay", "a\r\nb\nc", "a\r\nb\nc"],
		["a lone \\r inside a line stays", "a\rb\r\r\n", "a\rb\r\n"],
	];
	for (const [name, input, want] of table) it(name, () => assert.equal(normaliseLineEnds(input), want));

	it("a seed history written on Windows reads without a warning, every row kept", async () => {
		const dir = await tempDir();
		const path = join(dir, "download_history.csv");
		const rows = [
			"timestamp,model_type,url,filename",
			"2025-10-20 21:03:11,lora,https://civitai.com/models/4202,detail_tweaker.safetensors",
			"2025-10-21 08:12:02,checkpoint,https://civitai.com/models/4384,dreamshaper_8.safetensors",
			'2025-10-22 19:55:30,embedding,https://civitai.com/models/4206,"easy, negative.pt"',
		];
		await writeFile(path, `\uFEFF${rows.join("\r\r\n")}\r\r\n`);
		const read = await readCsv(path);
		assert.deepEqual(
			read.warnings.map((w) => w.msg),
			[],
		);
		assert.deepEqual(
			read.rows.map((r) => [r.line, r.cells.model_type, r.cells.filename]),
			[
				[2, "lora", "detail_tweaker.safetensors"],
				[3, "checkpoint", "dreamshaper_8.safetensors"],
				[4, "embedding", "easy, negative.pt"],
			],
		);
	});
});
