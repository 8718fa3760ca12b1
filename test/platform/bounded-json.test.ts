import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readJsonFile } from "../../src/platform/bounded-json.js";
import { tempDir } from "../helpers.js";

const BOUNDS = { maxBytes: 64 * 1024, maxDepth: 8 };
const nested = (depth: number) => `{"id":1,"x":${"[".repeat(depth)}${"]".repeat(depth)}}`;

describe("readJsonFile: JSON from a file someone else may have written", () => {
	it("reads a plain file within the bounds", async () => {
		const path = join(await tempDir(), "a.civitai.info");
		await writeFile(path, nested(6));
		assert.deepEqual(await readJsonFile(path, BOUNDS), { id: 1, x: [[[[[[]]]]]] });
	});

	it("refuses nesting deeper than the bound, before parsing", async () => {
		const path = join(await tempDir(), "a.civitai.info");
		await writeFile(path, nested(8));
		assert.equal(await readJsonFile(path, BOUNDS), undefined);
	});

	it("refuses a file over the size bound", async () => {
		const path = join(await tempDir(), "a.civitai.info");
		await writeFile(path, JSON.stringify({ id: 1, pad: "x".repeat(BOUNDS.maxBytes) }));
		assert.equal(await readJsonFile(path, BOUNDS), undefined);
	});

	it("never reads through a symlink", { skip: process.platform === "win32" }, async () => {
		const dir = await tempDir();
		await writeFile(join(dir, "secret.json"), '{"id":1}');
		await symlink(join(dir, "secret.json"), join(dir, "a.civitai.info"));
		assert.equal(await readJsonFile(join(dir, "a.civitai.info"), BOUNDS), undefined);
	});

	it("a FIFO under the name is refused at once, not waited on", { skip: process.platform === "win32", timeout: 5000 }, async () => {
		const path = join(await tempDir(), "a.civitai.info");
		execFileSync("mkfifo", [path]);
		assert.equal(await readJsonFile(path, BOUNDS), undefined);
	});

	it("no file, or not JSON: undefined", async () => {
		const dir = await tempDir();
		assert.equal(await readJsonFile(join(dir, "none"), BOUNDS), undefined);
		await writeFile(join(dir, "bad"), "{not json");
		assert.equal(await readJsonFile(join(dir, "bad"), BOUNDS), undefined);
	});
});
