import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { emptyRow, HISTORY_COLUMNS, type HistoryRow } from "../../src/history/columns.js";
import { appendHistory, readCsv } from "../../src/history/csv-file.js";
import { decodeCsv } from "../../src/history/decode.js";
import { english } from "../../src/i18n/msg.js";
import { tempDir } from "../helpers.js";

const HEADER = HISTORY_COLUMNS.join(",");
const line = (name: string, vid: number) => `2026-01-01 00:00:00,lora,https://civitai.com/api/download/models/${vid},${name},1,${vid},,,,`;
const row = (p: Partial<HistoryRow>): HistoryRow => ({ ...emptyRow(), timestamp: "t", model_type: "lora", url: "u", ...p });
const sjis = (hex: string) => Buffer.from(hex, "hex");
// テスト = 836583588367, モデル = 83828366838b (Shift-JIS)
const TESUTO = sjis("836583588367");
const MODERU = sjis("83828366838b");

/** A 4 KiB blob of seeded pseudo-random bytes (a disk error, a paste gone wrong). */
function blob(seed: number): Buffer {
	const out = Buffer.alloc(4096);
	let x = seed;
	for (let i = 0; i < out.length; i++) {
		x = (x * 1103515245 + 12345) >>> 0;
		out[i] = x >>> 24;
	}
	return out;
}

async function file(content: Buffer | string): Promise<string> {
	const path = join(await tempDir(), "download_history.csv");
	await writeFile(path, content);
	return path;
}

describe("history CSV: bad local input", () => {
	for (const seed of [1, 2, 3, 4, 5]) {
		it(`a binary blob in the middle (seed ${seed}) costs only its own lines, each named`, async () => {
			const path = await file(
				Buffer.concat([Buffer.from(`${HEADER}\n${line("a", 1)}\n`), blob(seed), Buffer.from(`\n${line("b", 2)}\n${line("c", 3)}\n`)]),
			);
			const read = await readCsv(path);
			assert.deepEqual(
				read.rows.map((r) => r.cells.filename),
				["a", "b", "c"],
			);
			assert.ok(read.warnings.length >= 1);
			for (const w of read.warnings) assert.match(english(w.msg), /download_history\.csv line \d+ is skipped/);
			assert.ok(read.rows.every((r) => !Object.values(r.cells).some((v) => v.includes("\uFFFD"))));
		});
	}

	for (const [name, content] of [
		["empty", ""],
		["blank lines only", "\n \r\n\n"],
		["a header only", `${HEADER}\n`],
	] as const) {
		it(`${name}: reads as no rows and no warnings, then takes a row under a proper header`, async () => {
			const path = await file(content);
			assert.deepEqual(await readCsv(path), { rows: [], warnings: [], header: name === "a header only" ? [...HISTORY_COLUMNS] : [] });
			await appendHistory(path, row({ filename: "new" }));
			assert.equal((await readFile(path, "utf8")).split("\n")[0], HEADER);
			const read = await readCsv(path);
			assert.deepEqual(
				read.rows.map((r) => r.cells.filename),
				["new"],
			);
			assert.deepEqual(read.warnings, []);
		});
	}

	it("a file without a header is read as the usual columns; the next append gives it the header and keeps every line", async () => {
		const path = await file(`${line("a", 1)}\n${line("b", 2)}\n`);
		const before = await readCsv(path);
		assert.deepEqual(
			before.rows.map((r) => r.cells.filename),
			["a", "b"],
		);
		assert.match(english(before.warnings[0]!.msg), /download_history\.csv line 1 is not a header with url and model_type columns/);
		await appendHistory(path, row({ filename: "c" }));
		const after = await readCsv(path);
		assert.deepEqual(
			after.rows.map((r) => r.cells.filename),
			["a", "b", "c"],
		);
		assert.deepEqual(after.warnings, []);
	});

	it("Shift-JIS (Excel on Japanese Windows): read with one sentence naming the file and line, converted to UTF-8 on the next append, original kept", async () => {
		const path = await file(
			Buffer.concat([
				Buffer.from(`${HEADER}\r\n${line("plain", 1)}\r\n2026-01-01 00:00:00,lora,u3,`),
				TESUTO,
				Buffer.from(".safetensors,1,3,,,,\r\n2026-01-01 00:00:00,lora,u4,"),
				MODERU,
				Buffer.from(".safetensors,1,4,,,,\r\n"),
			]),
		);
		const bytes = await readFile(path);
		const read = await readCsv(path);
		assert.deepEqual(
			read.rows.map((r) => r.cells.filename),
			["plain", "テスト.safetensors", "モデル.safetensors"],
		);
		assert.equal(read.warnings.length, 1);
		assert.equal(english(read.warnings[0]!.msg), `${path} is in Shift-JIS, not UTF-8 (from line 3), so civitai-dl reads it as Shift-JIS.`);

		await appendHistory(path, row({ filename: "夜桜.safetensors" }));
		assert.deepEqual(await readFile(`${path}.shift_jis.bak`), bytes, "the original is kept byte for byte");
		const after = await readCsv(path);
		assert.deepEqual(after.warnings, [], "now UTF-8");
		assert.deepEqual(
			after.rows.map((r) => r.cells.filename),
			["plain", "テスト.safetensors", "モデル.safetensors", "夜桜.safetensors"],
		);
		assert.deepEqual((await readdir(join(path, ".."))).sort(), ["download_history.csv", "download_history.csv.shift_jis.bak"]);
	});

	it("EUC-JP (old Unix tools) is told apart from Shift-JIS, though its bytes decode as both", async () => {
		// テスト東京 in EUC-JP and in Shift-JIS
		const euc = Buffer.concat([
			Buffer.from(`${HEADER}\n2026-01-01 00:00:00,lora,u,`),
			Buffer.from("a5c6a5b9a5c8c5ecb5fe", "hex"),
			Buffer.from(",1,1,,,,\n"),
		]);
		const sj = Buffer.concat([
			Buffer.from(`${HEADER}\n2026-01-01 00:00:00,lora,u,`),
			Buffer.from("836583588367938c8b9e", "hex"),
			Buffer.from(",1,1,,,,\n"),
		]);
		assert.equal(decodeCsv(euc).encoding, "euc_jp");
		assert.equal(decodeCsv(sj).encoding, "shift_jis");
		for (const buf of [euc, sj]) assert.equal((await readCsv(await file(buf))).rows[0]?.cells.filename, "テスト東京");
	});

	it("UTF-16 with a BOM (Excel's Unicode text) is read", async () => {
		const text = `${HEADER}\n${line("ユニコード", 1)}\n`;
		const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
		const be = Buffer.from(le.subarray(2)).swap16();
		for (const buf of [le, Buffer.concat([Buffer.from([0xfe, 0xff]), be])]) {
			const read = await readCsv(await file(buf));
			assert.deepEqual(
				read.rows.map((r) => r.cells.filename),
				["ユニコード"],
			);
			assert.match(english(read.warnings[0]!.msg), /is in UTF-16( \(big-endian\))?, not UTF-8 \(from line 1\)/);
		}
	});

	it("a UTF-8 history whose last line was cut inside a character stays UTF-8 (never mistaken for Shift-JIS)", async () => {
		const text = Buffer.from(`${HEADER}\n${line("夜桜スタイル", 1)}\n${line("東京タワー", 2)}\n${line("途中", 3)}`);
		const cut = text.subarray(0, text.length - 10 - 2); // inside 途
		const d = decodeCsv(cut);
		assert.equal(d.encoding, "utf8");
		const read = await readCsv(await file(cut));
		assert.deepEqual(
			read.rows.map((r) => r.cells.filename),
			["夜桜スタイル", "東京タワー"],
		);
	});

	it("a torn last line holding the file's only non-ASCII bytes does not make it Shift-JIS", () => {
		const text = Buffer.from(`${HEADER}\n${line("a", 1)}\n2026-01-01 00:00:00,lora,u,途`);
		const cut = text.subarray(0, text.length - 1); // 途 is E9 80 94: keep E9 80
		assert.equal(decodeCsv(cut).encoding, "utf8");
	});

	it("a UTF-8 BOM is not part of the first column's name", async () => {
		const read = await readCsv(await file(`\uFEFF${HEADER}\n${line("a", 1)}\n`));
		assert.equal(read.rows[0]?.cells.timestamp, "2026-01-01 00:00:00");
		assert.deepEqual(read.warnings, []);
	});
});
