import assert from "node:assert/strict";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readBytes } from "../../fake-civitai/bytes.js";
import type { FakeModel } from "../../fake-civitai/catalogue.js";
import { tinyPng } from "../../fake-civitai/images.js";
import { download } from "../../src/engine.js";
import { readCsv } from "../../src/history/csv-file.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY, smallCatalogue } from "../helpers.js";

const KiB = 1024;

/** A model whose file is named like a preview image: a user's own `pic.preview.png` is beside it. */
const PREVIEW_NAMED: FakeModel = {
	id: 1400,
	name: "Named like a picture",
	type: "LORA",
	versions: [{ id: 14000, name: "v1", files: [{ id: 140000, name: "pic.preview.png", sizeBytes: 12 * KiB, primary: true }] }],
};

async function setup() {
	const server = await fakeCivitai({ catalogue: { models: [...smallCatalogue().models, PREVIEW_NAMED] } });
	const h = await inProcess(server.baseUrl, { settings: { apiKey: KEY, sleepMs: 0 } });
	const lora = join(h.dir, "lora");
	await mkdir(lora, { recursive: true });
	const downloads = () => server.requests.filter((q) => q.origin === "storage").length;
	const history = async () => (await readCsv(h.settings.historyFile)).rows.map((r) => r.cells);
	const warnings = () => h.events.flatMap((e) => (e.type === "warning" ? [e.message] : []));
	return { ...h, lora, downloads, history, warnings };
}

const LORA1 = () => readBytes("file-20000", 0, 200 * KiB);

describe("a file at the target path that civitai-dl did not put there (not in the history)", () => {
	for (const [what, mine] of [
		["of the same size", Buffer.alloc(200 * KiB, 7)],
		["of another size (my_merge)", Buffer.from("my own merge, not from Civitai\n")],
	] as const) {
		it(`${what}: kept as it is; the download is saved as <stem>_<versionId> and says so`, async () => {
			const { lora, engine, history, warnings } = await setup();
			await writeFile(join(lora, "lora1.safetensors"), mine);
			const summary = await download(["version:2000"], engine);
			assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
			assert.deepEqual(await readFile(join(lora, "lora1.safetensors")), mine, "the user's file is untouched");
			assert.deepEqual(await readFile(join(lora, "lora1_2000.safetensors")), LORA1());
			assert.deepEqual(
				(await history()).map((r) => r.path),
				[join(lora, "lora1_2000.safetensors")],
			);
			assert.equal(warnings().length, 1);
			assert.match(
				warnings()[0]!,
				/lora1\.safetensors is already there and civitai-dl did not download it .* it is kept, and the download is saved as lora1_2000\.safetensors instead\. Pass --force to replace it\./,
			);
		});
	}

	it("the next run finds the download under its own name and skips it, without a word", async () => {
		const { lora, engine, downloads, warnings } = await setup();
		await writeFile(join(lora, "lora1.safetensors"), "mine");
		await download(["version:2000"], engine);
		const before = downloads();
		const again = await download(["version:2000"], engine);
		assert.equal(again.skipped, 1);
		assert.equal(downloads(), before);
		assert.equal(warnings().length, 1, "the warning came once, on the first run");
	});

	it("the right bytes (its SHA-256 is the version's): adopted and recorded where it is, nothing downloaded", async () => {
		const { lora, engine, downloads, history, warnings } = await setup();
		await writeFile(join(lora, "lora1.safetensors"), LORA1());
		const summary = await download(["version:2000"], engine);
		assert.equal(summary.skipped, 1);
		assert.equal(downloads(), 0);
		assert.deepEqual(
			(await history()).map((r) => [r.path, r.version_id]),
			[[join(lora, "lora1.safetensors"), "2000"]],
		);
		assert.deepEqual(warnings(), []);
	});

	it("--force replaces it", async () => {
		const { lora, engine, history } = await setup();
		await writeFile(join(lora, "lora1.safetensors"), "mine");
		assert.equal((await download(["version:2000"], { ...engine, force: true })).succeeded, 1);
		assert.deepEqual(await readFile(join(lora, "lora1.safetensors")), LORA1());
		assert.deepEqual(
			(await history()).map((r) => r.path),
			[join(lora, "lora1.safetensors")],
		);
	});

	it("a file of ours (recorded) of the wrong size is downloaded again over it, as before", async () => {
		const { lora, engine, history } = await setup();
		await download(["version:2000"], engine);
		await writeFile(join(lora, "lora1.safetensors"), "truncated");
		assert.equal((await download(["version:2000"], engine)).succeeded, 1);
		assert.deepEqual(await readFile(join(lora, "lora1.safetensors")), LORA1());
		assert.deepEqual(
			(await history()).map((r) => r.path),
			[join(lora, "lora1.safetensors"), join(lora, "lora1.safetensors")],
		);
	});

	it("a user's x.preview.png is not replaced by a model file of that name", async () => {
		const { lora, engine, warnings } = await setup();
		await writeFile(join(lora, "pic.preview.png"), tinyPng());
		assert.equal((await download(["version:14000"], engine)).succeeded, 1);
		assert.deepEqual(await readFile(join(lora, "pic.preview.png")), tinyPng());
		assert.equal((await readFile(join(lora, "pic.preview_14000.png"))).length, 12 * KiB);
		assert.equal(warnings().length, 1);
	});

	it("--dry-run's plan names the path the file would really take", async () => {
		const { lora, engine, events } = await setup();
		await writeFile(join(lora, "lora1.safetensors"), "mine");
		await download(["version:2000"], { ...engine, dryRun: true });
		const plan = events.find((e) => e.type === "plan");
		assert.ok(plan?.type === "plan");
		assert.equal(plan.action, "download");
		assert.equal(plan.path, join(lora, "lora1_2000.safetensors"));
		assert.deepEqual(await readdir(lora), ["lora1.safetensors"]);
	});

	it("a file that appears at the name while the download runs is not replaced either", async () => {
		const server = await fakeCivitai();
		const h = await inProcess(server.baseUrl, {
			settings: { apiKey: KEY, sleepMs: 0 },
			onEvent: (e, _clock) => {
				if (e.type === "item_start") void writeFile(e.path, "copied in by hand meanwhile");
			},
		});
		const summary = await download(["version:2000"], h.engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		const lora = join(h.dir, "lora");
		assert.equal(await readFile(join(lora, "lora1.safetensors"), "utf8"), "copied in by hand meanwhile");
		assert.deepEqual(await readFile(join(lora, "lora1_2000.safetensors")), LORA1());
	});
});
