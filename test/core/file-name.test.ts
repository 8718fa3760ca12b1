import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { partFileName } from "../../src/core/file-name.js";
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
