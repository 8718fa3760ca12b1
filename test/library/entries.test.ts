import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CATEGORIES } from "../../src/core/categories.js";
import { emptyRow, type HistoryRow } from "../../src/history/columns.js";
import { entryOf, libraryEntries, pathOfRow } from "../../src/library/entries.js";

const paths = Object.fromEntries(CATEGORIES.map((c) => [c, `/m/${c}`])) as Parameters<typeof pathOfRow>[1];
const row = (cells: Partial<HistoryRow>): HistoryRow => ({ ...emptyRow(), ...cells });

describe("the library's read model", () => {
	it("where a row's file is: its path, else a seed row's category folder and file name, else nowhere", () => {
		assert.equal(pathOfRow(row({ path: "/x/a.safetensors", filename: "b.safetensors" }), paths), "/x/a.safetensors");
		assert.equal(pathOfRow(row({ model_type: "LORA", filename: "sub/../b.safetensors" }), paths), "/m/lora/b.safetensors");
		assert.equal(pathOfRow(row({ model_type: "Wildcards", filename: "c.txt" }), paths), "/m/other/c.txt");
		assert.equal(pathOfRow(row({ url: "https://civitai.com/models/1" }), paths), null);
	});

	it("an entry: ids, what the file should be (a hash only when it is a whole SHA-256, upper case)", () => {
		const e = entryOf(
			row({
				model_type: "checkpoint",
				model_id: "7",
				version_id: "70",
				file_id: "",
				size_bytes: "1024",
				sha256: "ab".repeat(32),
				path: "/c/x.ckpt",
			}),
			paths,
		);
		assert.deepEqual(
			{ ...e, row: undefined },
			{
				row: undefined,
				path: "/c/x.ckpt",
				category: "checkpoint",
				modelId: 7,
				versionId: 70,
				fileId: undefined,
				expectedSize: 1024,
				expectedSha256: "AB".repeat(32),
			},
		);
		assert.equal(entryOf(row({ sha256: "ABCD" }), paths).expectedSha256, null);
		assert.equal(entryOf(row({ version_id: "0", size_bytes: "x" }), paths).versionId, undefined);
	});

	it("one entry per item, the last row winning, in file order", () => {
		const rows = [
			row({ version_id: "1", file_id: "1", url: "u1", path: "/old" }),
			row({ version_id: "2", file_id: "2", url: "u2", path: "/two" }),
			row({ version_id: "1", file_id: "1", url: "u1", path: "/new" }),
		];
		assert.deepEqual(
			libraryEntries(rows, paths).map((e) => e.path),
			["/two", "/new"],
		);
	});
});
