import assert from "node:assert/strict";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readBytes } from "../../fake-civitai/bytes.js";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";
import { pictured } from "../sidecars/pictured.js";

const KiB = 1024;

/** Three models a user already has in the lora folder, all with pictures on Civitai (previews to fetch). */
async function setup(sidecars?: Record<string, unknown>) {
	const server = await fakeCivitai({ catalogue: pictured() });
	const dir = await tempDir();
	const lora = join(dir, "models", "lora");
	const config = await writeConfig(dir, { download_paths: { lora }, ...(sidecars ? { sidecars } : {}) });
	await mkdir(lora, { recursive: true });
	const files = [
		["pictured.safetensors", "file-95000", 12 * KiB],
		["webp.safetensors", "file-95100", 10 * KiB],
		["lora1.safetensors", "file-20000", 200 * KiB],
	] as const;
	for (const [name, seed, size] of files) await writeFile(join(lora, name), readBytes(seed, 0, size));
	const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
	const run = (args: string[]) => runCli([...args, "--lookup-pause", "0"], { cwd: dir, env });
	const sidecarFiles = async () => (await readdir(lora)).filter((n) => !n.endsWith(".safetensors")).sort();
	return { server, dir, lora, run, sidecarFiles, history: join(dir, "download_history.csv") };
}

/** What every one of the three gets: the info and the .json; a preview for the two with a safe image. */
const ALL = [
	"lora1.civitai.info",
	"lora1.json",
	"pictured.civitai.info",
	"pictured.json",
	"pictured.preview.jpeg",
	"webp.civitai.info",
	"webp.json",
	"webp.preview.webp",
];

describe("import and sidecar files (issue 25 finding 12, issue 27 point 8)", () => {
	it("with sidecars on in the config (the default), a plain import writes them and the summary says how many", async () => {
		const { run, sidecarFiles } = await setup();
		const r = await run(["import"]);
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(await sidecarFiles(), ALL);
		assert.match(r.stdout, /^Wrote 8 sidecar files next to 3 model files\.$/m);
	});

	it("--no-sidecars writes none; the next import (sidecars on) completes the files already recorded, in one by-hash request", async () => {
		const { server, run, sidecarFiles, history } = await setup();
		const plain = await run(["import", "--no-sidecars"]);
		assert.equal(plain.code, 0, plain.stderr);
		assert.deepEqual(await sidecarFiles(), []);
		assert.doesNotMatch(plain.stdout, /sidecar/);
		assert.equal((await readCsv(history)).rows.length, 3);
		const batches = server.byHashBatches.length;
		const again = await run(["import", "--sidecars"]);
		assert.equal(again.code, 0, again.stderr);
		assert.deepEqual(await sidecarFiles(), ALL);
		assert.match(again.stdout, /0 not in the history yet/);
		assert.match(again.stdout, /^Wrote 8 sidecar files next to 3 model files\.$/m);
		assert.deepEqual(server.byHashBatches.slice(batches), [3], "the recorded files' hashes (from the history) in one batch");
		assert.equal((await readCsv(history)).rows.length, 3, "nothing recorded twice");
	});

	it("sidecars off in the config: import writes none unless --sidecars", async () => {
		const { run, sidecarFiles } = await setup({ info: false, preview: false, webui_json: false });
		const r = await run(["import"]);
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(await sidecarFiles(), []);
		const s = await run(["import", "--sidecars"]);
		assert.equal(s.code, 0, s.stderr);
		assert.deepEqual(await sidecarFiles(), ALL);
	});

	it("an import stopped while writing sidecars (rows recorded, some sidecars there) is finished by the next import; then nothing is asked", async () => {
		const { server, lora, run, sidecarFiles } = await setup();
		const first = await run(["import", "--sidecars"]);
		assert.equal(first.code, 0, first.stderr);
		// what a kill during the third file's preview leaves: every row, the first two files' sidecars
		for (const n of ["lora1.civitai.info", "lora1.json", "webp.preview.webp"]) await rm(join(lora, n));
		const images = () => server.requests.filter((q) => q.path.startsWith("/images/")).length;
		const before = { batches: server.byHashBatches.length, images: images() };
		const r = await run(["import", "--sidecars"]);
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(await sidecarFiles(), ALL);
		assert.match(r.stdout, /^Wrote 3 sidecar files next to 2 model files\.$/m);
		// lora1 needs the version from Civitai; webp's preview comes from its own .civitai.info
		assert.deepEqual(server.byHashBatches.slice(before.batches), [1]);
		assert.equal(images() - before.images, 1);
		const done = await run(["import", "--sidecars"]);
		assert.match(done.stdout, /^Wrote 0 sidecar files next to 0 model files\.$/m);
		assert.equal(server.byHashBatches.length, before.batches + 1, "a complete library asks nothing");
	});

	it("--dry-run writes no sidecar", async () => {
		const { run, sidecarFiles } = await setup();
		const r = await run(["import", "--dry-run"]);
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(await sidecarFiles(), []);
	});
});
