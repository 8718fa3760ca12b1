import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { partFileName, safeFileName } from "../../src/core/file-name.js";
import { statePathFor } from "../../src/download/segmented.js";
import { writeFileAtomic } from "../../src/platform/atomic-write.js";
import { tempDir } from "../helpers.js";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

describe("partFileName", () => {
	it("is <name>.part for an ordinary name", () => {
		assert.equal(partFileName("model.safetensors"), "model.safetensors.part");
		assert.equal(partFileName("名前.safetensors"), "名前.safetensors.part");
	});

	it("gives two long names that differ only after the cut their own partial files", () => {
		const stem = "a".repeat(250);
		const one = `${stem}-one.safetensors`.slice(0, 255);
		const two = `${stem}-two.safetensors`.slice(0, 255);
		assert.notEqual(partFileName(one), partFileName(two));
		for (const n of [one, two]) {
			assert.ok(partFileName(n).endsWith(".part"));
			assert.ok(bytes(partFileName(n)) <= 255);
		}
	});

	it("cuts multi-byte names on a character boundary and stays unique", () => {
		const one = `${"夜".repeat(84)}一.safetensors`;
		const two = `${"夜".repeat(84)}二.safetensors`;
		assert.notEqual(partFileName(one), partFileName(two));
		assert.ok(!partFileName(one).includes("\uFFFD"));
		assert.equal(partFileName(one), partFileName(one), "the same name always gets the same partial");
	});

	it("leaves room for the segment state file and its temporary file beside the longest name", async () => {
		const dir = await tempDir();
		const name = `${"b".repeat(243)}.safetensors`;
		assert.equal(bytes(name), 255);
		const state = statePathFor(join(dir, partFileName(name)));
		await writeFileAtomic(state, "{}");
		assert.equal(await readFile(state, "utf8"), "{}");
	});
});

describe("safeFileName: the Windows reserved-name guard after trimming (filenamify sees the untrimmed name)", () => {
	const table: [string, string][] = [
		[" aux.txt", "_aux.txt"],
		["..nul", "_nul"],
		[" aux.", "_aux"],
		[" prn", "_prn"],
		[" com1", "_com1"],
		[" lpt²", "_lpt²"],
		[" COM9.txt", "_COM9.txt"],
		[" con.tar.gz", "_con.tar.gz"],
		// not reserved: a longer word, a prefix before it, com without its digit
		[" console.txt", "console.txt"],
		[" xcon.txt", "xcon.txt"],
		[" comx", "comx"],
	];
	for (const [input, expected] of table) it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(safeFileName(input), expected));
});

describe("safeFileName: trimming and the fallback", () => {
	const table: [string, string][] = [
		["  ..model.safetensors", "model.safetensors"],
		["model. . .", "model"],
		["my model.v1.safetensors", "my model.v1.safetensors"],
		["???", "download.bin"],
		["___", "download.bin"],
		["a__", "a__"],
		["__a", "__a"],
		["a/b\\c", "c"],
		// white space of any kind at either end is trimmed (ideographic, no-break)
		["model\u3000\u3000", "model"],
		["model\u00a0.\u3000", "model"],
		["\u3000", "download.bin"],
	];
	for (const [input, expected] of table) it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(safeFileName(input), expected));
	it("the fallback is the caller's when given", () => assert.equal(safeFileName("..", "model-1.bin"), "model-1.bin"));
});

describe("safeFileName: the 255-byte cut", () => {
	it("a name of exactly 255 bytes is kept whole", () => {
		const name = `${"a".repeat(243)}.safetensors`;
		assert.equal(safeFileName(name), name);
	});
	it("without an extension: cut on a character boundary, never over 255 bytes", () => {
		assert.equal(safeFileName(`${"a".repeat(254)}あ`), "a".repeat(254));
		assert.equal(safeFileName("あ".repeat(100)), "あ".repeat(85));
	});
	it("an extension of 16 bytes is kept, one of 17 is cut like the rest", () => {
		assert.equal(safeFileName(`${"a".repeat(300)}.abcdefghijklmno`), `${"a".repeat(239)}.abcdefghijklmno`);
		assert.equal(safeFileName(`${"a".repeat(300)}.abcdefghijklmnop`), "a".repeat(255));
	});
	it("the extension is kept whole and the stem cut to fit: 255 bytes exactly", () => {
		assert.equal(safeFileName(`${"あ".repeat(100)}.safetensors`), `${"あ".repeat(81)}.safetensors`);
	});
	it("dots and spaces the cut leaves at the end are dropped", () => {
		assert.equal(safeFileName(`${"a".repeat(253)}  ${"b".repeat(20)}`), "a".repeat(253));
		assert.equal(safeFileName(`${"a".repeat(253)} .${"b".repeat(20)}`), "a".repeat(253));
	});
});

describe("partFileName: where the hash tag starts", () => {
	it("a name of 230 bytes still fits with .part and the state file's 20 bytes", () => {
		assert.equal(partFileName("a".repeat(230)), `${"a".repeat(230)}.part`);
	});
	it("one of 231 bytes is cut and tagged with the first 12 hex digits of its SHA-256", () => {
		// sha256("a" × 231) = ec1912690da2d9ff…
		assert.equal(partFileName("a".repeat(231)), `${"a".repeat(217)}~ec1912690da2.part`);
	});
});
