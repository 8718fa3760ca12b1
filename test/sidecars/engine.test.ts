import assert from "node:assert/strict";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { hashesOf } from "../../fake-civitai/catalogue.js";
import { tinyJpeg, tinyWebp } from "../../fake-civitai/images.js";
import type { RunEvent } from "../../src/core/events.js";
import { download, redownload, rowFromCsv } from "../../src/engine.js";
import { readCsv } from "../../src/history/csv-file.js";
import { DEFAULT_SIDECARS, type SidecarSettings } from "../../src/sidecars/settings.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY } from "../helpers.js";
import { pictured } from "./pictured.js";

async function setup(sidecars: Partial<SidecarSettings> = {}) {
	const server = await fakeCivitai({ catalogue: pictured() });
	const { dir, events, engine, sent } = await inProcess(server.baseUrl, {
		settings: { apiKey: KEY, retryDelaysMs: [60_000], sidecars: { ...DEFAULT_SIDECARS, ...sidecars }, smallFiles: 3 },
	});
	const lora = join(dir, "lora");
	const images = () => server.requests.filter((r) => r.path.startsWith("/images/"));
	const downloads = () => server.requests.filter((r) => r.path.startsWith("/api/download/"));
	return { server, dir, lora, events, engine, images, downloads, sent };
}

const json = async (path: string) => JSON.parse(await readFile(path, "utf8"));
const warnings = (events: RunEvent[]) => events.flatMap((e) => (e.type === "warning" ? [e.message] : []));

describe("sidecar files, in process on a virtual clock", () => {
	it("a get writes .civitai.info (the version, the downloaded file first and primary), the .json and a safe preview", async () => {
		const { lora, engine, images, events } = await setup();
		const summary = await download(["version:9500"], engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		const info = await json(join(lora, "pictured.civitai.info"));
		assert.equal(info.id, 9500);
		assert.equal(info.modelId, 950);
		assert.deepEqual(
			info.files.map((f: { id: number; primary: boolean }) => [f.id, f.primary]),
			[
				[95000, true],
				[95001, false],
			],
		);
		assert.deepEqual(info.trainedWords, ["pic_word", "second word"], "the version as returned");
		assert.equal(info.images.length, 5);
		// the first image that is an image and safe is the 4th (a JPEG): named for its bytes
		assert.deepEqual(await readFile(join(lora, "pictured.preview.jpeg")), tinyJpeg());
		assert.deepEqual(
			images().map((r) => r.path),
			["/images/9500/3.jpeg"],
			"only the chosen image is fetched",
		);
		assert.ok(
			images().every((r) => !r.authorization && !r.token),
			"no key to the image host",
		);
		assert.deepEqual(await json(join(lora, "pictured.json")), {
			description: "A pictured LoRA",
			"sd version": "SD1",
			"activation text": "pic_word, second word",
			"preferred weight": 0,
			notes: `${new URL(engine.settings.baseUrl).origin}/models/950?modelVersionId=9500`,
		});
		const names = await readdir(lora);
		assert.ok(!names.some((n) => n.endsWith(".cm-info.json")), "cm_info is opt-in");
		assert.ok(!names.some((n) => n.endsWith(".metadata.json")), "LoRA Manager's own file is never written");
		assert.deepEqual(warnings(events), []);
	});

	it("--file-id: the file on disk is first and primary in .civitai.info; a WebP preview is .preview.webp", async () => {
		const { lora, engine } = await setup();
		await download(["version:9500"], { ...engine, fileId: 95001 });
		const info = await json(join(lora, "pictured_fp32.civitai.info"));
		assert.deepEqual(
			info.files.map((f: { id: number; primary: boolean }) => [f.id, f.primary]),
			[
				[95001, true],
				[95000, false],
			],
		);
		await download(["version:9510"], engine);
		assert.deepEqual(await readFile(join(lora, "webp.preview.webp")), tinyWebp());
	});

	it("with cm_info on: a .cm-info.json whose ids and hashes match the API's", async () => {
		const { lora, engine } = await setup({ cmInfo: true });
		await download(["version:9500"], engine);
		const cm = await json(join(lora, "pictured.cm-info.json"));
		const file = pictured().models.find((m) => m.id === 950)!.versions[0]!.files[0]!;
		assert.equal(cm.ModelId, 950);
		assert.equal(cm.VersionId, 9500);
		assert.equal(cm.ModelType, "LORA");
		assert.equal(cm.Hashes.SHA256, hashesOf(file).SHA256);
		assert.equal(cm.Hashes.BLAKE3, hashesOf(file).BLAKE3);
		assert.deepEqual(cm.TrainedWords, ["pic_word", "second word"]);
		assert.equal(cm.ImportedAt, new Date(engine.clock!.now()).toISOString().slice(0, 19) + cm.ImportedAt.slice(19));
	});

	it("a skipped file whose sidecars are missing gets them back, without downloading it again", async () => {
		const { lora, engine, downloads, dir } = await setup();
		await download(["version:9500"], engine);
		const before = downloads().length;
		await rm(join(lora, "pictured.civitai.info"));
		await rm(join(lora, "pictured.preview.jpeg"));
		const again = await download(["version:9500"], engine);
		assert.equal(again.skipped, 1);
		assert.equal(downloads().length, before, "the model was downloaded again");
		assert.equal((await json(join(lora, "pictured.civitai.info"))).id, 9500);
		assert.deepEqual(await readFile(join(lora, "pictured.preview.jpeg")), tinyJpeg());
		// from the history (a skip that asks no API for the file): the .json comes back too
		await rm(join(lora, "pictured.json"));
		await rm(join(lora, "pictured.civitai.info"));
		const rows = (await readCsv(join(dir, "download_history.csv"))).rows.map(rowFromCsv);
		const third = await redownload(rows, engine);
		assert.equal(third.skipped, 1);
		assert.equal(downloads().length, before);
		assert.equal((await json(join(lora, "pictured.json")))["activation text"], "pic_word, second word");
		assert.equal((await json(join(lora, "pictured.civitai.info"))).id, 9500);
	});

	it("a repair reads the .civitai.info already there: no API request for a missing .json", async () => {
		const { lora, engine, dir, server } = await setup();
		await download(["version:9500"], engine);
		await rm(join(lora, "pictured.json"));
		const rows = (await readCsv(join(dir, "download_history.csv"))).rows.map(rowFromCsv);
		const api = server.requests.length;
		await redownload(rows, engine);
		assert.deepEqual(
			server.requests.slice(api).map((r) => r.path),
			[],
		);
		assert.equal((await json(join(lora, "pictured.json")))["sd version"], "SD1");
	});

	it("repair lookups one by one (rows the batched list does not answer) go at most one a second, whatever the lanes", async () => {
		const { lora, engine, dir, sent } = await setup();
		await download(["version:9500", "version:9510", "version:9520"], engine);
		for (const n of await readdir(lora)) if (!n.endsWith(".safetensors")) await rm(join(lora, n));
		// a model id the local Civitai does not have: its list holds none of these versions
		const rows = (await readCsv(join(dir, "download_history.csv"))).rows.map((r) => ({ ...rowFromCsv(r), model_id: "1" }));
		const from = sent.length;
		const again = await redownload(rows, engine);
		assert.equal(again.skipped, 3);
		assert.deepEqual(
			sent
				.slice(from)
				.filter((s) => s.path.startsWith("/api/v1/models?"))
				.map((s) => new URL(s.path, "http://x").searchParams.get("ids")),
			["1"],
		);
		const lookups = sent.slice(from).filter((s) => s.path.startsWith("/api/v1/model-versions/"));
		assert.equal(lookups.length, 3);
		const gaps = lookups.slice(1).map((s, i) => s.t - lookups[i]!.t);
		assert.ok(
			gaps.every((g) => g >= 1000),
			`gaps: ${gaps.join(", ")}`,
		);
		assert.equal((await json(join(lora, "webp.civitai.info"))).id, 9510);
	});

	it("a preview that fails (404) is a warning; the item still succeeds", async () => {
		const { lora, engine, events } = await setup();
		const summary = await download(["version:9520"], engine);
		assert.equal(summary.succeeded, 1);
		assert.equal(summary.failed, 0);
		const w = warnings(events);
		assert.equal(w.length, 1, w.join("\n"));
		assert.match(w[0]!, /No preview for broken\.safetensors: .*HTTP 404/);
		assert.equal((await json(join(lora, "broken.civitai.info"))).id, 9520);
	});

	it("the user's own .json and preview are not replaced (unless --force)", async () => {
		const { lora, engine, images } = await setup();
		await mkdir(lora, { recursive: true });
		await writeFile(join(lora, "pictured.json"), '{"notes":"mine"}');
		await writeFile(join(lora, "pictured.png"), "my preview");
		await download(["version:9500"], engine);
		assert.equal(await readFile(join(lora, "pictured.json"), "utf8"), '{"notes":"mine"}');
		assert.equal(await readFile(join(lora, "pictured.png"), "utf8"), "my preview");
		assert.deepEqual(images(), [], "no preview fetched");
		assert.ok(!(await readdir(lora)).some((n) => n.includes(".preview.")));
		await download(["version:9500"], { ...engine, force: true });
		assert.equal((await json(join(lora, "pictured.json")))["sd version"], "SD1");
		assert.deepEqual(await readFile(join(lora, "pictured.preview.jpeg")), tinyJpeg());
	});

	it("no sidecars setting (library default) or all off: nothing next to the model", async () => {
		const { lora, engine } = await setup({ info: false, preview: false, webuiJson: false });
		await download(["version:9500"], engine);
		assert.deepEqual(await readdir(lora), ["pictured.safetensors"]);
	});
});
