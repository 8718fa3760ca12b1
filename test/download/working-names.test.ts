import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { FakeModel } from "../../fake-civitai/catalogue.js";
import { download, redownload } from "../../src/engine.js";
import { emptyRow, HISTORY_COLUMNS } from "../../src/history/columns.js";
import { readCsv, writeCsv } from "../../src/history/csv-file.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY } from "../helpers.js";

/**
 * Red team of issue 25: a server names a model's file like another file's working file, its
 * partial (`<name>.part`) or its segment plan (`<name>.part.segments`). Downloaded first and
 * recorded, `a.safetensors.part` was then taken for `a.safetensors`'s partial: resumed into, found
 * not to match, and deleted.
 */
const KiB = 1024;
const lora = (id: number, name: string, sizeBytes: number): FakeModel => ({
	id,
	name: `M${id}`,
	type: "LORA",
	versions: [{ id: id * 10, name: "v1", files: [{ id: id * 100, name, sizeBytes, primary: true }] }],
});
const MODELS = [
	lora(1, "a.safetensors", 20 * KiB),
	lora(2, "a.safetensors.part", 10 * KiB),
	lora(3, "b.safetensors.part.segments", 10 * KiB),
];

const sha256 = async (path: string) =>
	createHash("sha256")
		.update(await readFile(path))
		.digest("hex")
		.toUpperCase();

async function setup() {
	const server = await fakeCivitai({ catalogue: { models: MODELS } });
	const h = await inProcess(server.baseUrl, { settings: { apiKey: KEY, sleepMs: 0, retryDelaysMs: [] }, folders: "models" });
	const lora = join(h.dir, "models", "lora");
	const recorded = async () => (await readCsv(h.settings.historyFile)).rows.map((r) => r.cells);
	/** Every recorded file is there with the size and SHA-256 its row says. */
	const allIntact = async () => {
		for (const c of await recorded()) {
			const bytes = await readFile(c.path!).catch(() => undefined);
			assert.ok(bytes, `${c.path} is gone`);
			assert.equal(bytes.length, Number(c.size_bytes), c.path);
			assert.equal(await sha256(c.path!), c.sha256, c.path);
		}
	};
	return { ...h, lora, recorded, allIntact };
}

describe("server names that are another file's working names (red team)", () => {
	it("a file named like another's partial, downloaded first, survives the other's download", async () => {
		const { engine, lora, recorded, allIntact } = await setup();
		assert.equal((await download(["model:2"], engine)).succeeded, 1);
		const summary = await download(["model:1"], engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.equal((await recorded()).length, 2);
		await allIntact();
		assert.ok(!(await readdir(lora)).includes("a.safetensors.part"), "no final file under a partial's name");
	});

	it("both in one run, and a name like a segment plan: every file is kept and verifies", async () => {
		const { engine, recorded, allIntact } = await setup();
		const summary = await download(["model:2", "model:1", "model:3"], engine);
		assert.equal(summary.succeeded, 3, JSON.stringify(summary.failures));
		assert.equal((await recorded()).length, 3);
		await allIntact();
	});

	it("a history that already records a file under another's partial name: that file is not taken for the partial", async () => {
		const { engine, lora, settings } = await setup();
		await mkdir(lora, { recursive: true });
		const theirs = join(lora, "a.safetensors.part");
		await writeFile(theirs, "recorded before: another version's file");
		await writeCsv(settings.historyFile, HISTORY_COLUMNS, [
			{
				...emptyRow(),
				timestamp: "2026-01-01 00:00:00",
				model_type: "lora",
				model_id: "9",
				version_id: "90",
				file_id: "900",
				path: theirs,
			},
		]);
		const summary = await redownload(
			[{ ...emptyRow(), model_type: "lora", model_id: "1", version_id: "10", file_id: "100", path: join(lora, "a.safetensors") }],
			engine,
		);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.equal(await readFile(theirs, "utf8"), "recorded before: another version's file");
	});
});
