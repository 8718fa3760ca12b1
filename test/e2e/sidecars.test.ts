import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { hashesOf } from "../../fake-civitai/catalogue.js";
import { tinyJpeg } from "../../fake-civitai/images.js";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";
import { pictured } from "../sidecars/pictured.js";

describe("sidecar files, through the bundle", async () => {
	const server = await fakeCivitai({ catalogue: pictured() });
	async function setup(extra: Record<string, unknown> = {}) {
		const dir = await tempDir();
		const config = await writeConfig(dir, extra);
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		return { dir, lora: join(dir, "models/lora"), run: (args: string[]) => runCli(args, { cwd: dir, env }) };
	}

	it("get writes .civitai.info, .json, a safe preview and (configured) .cm-info.json; a 404 preview is a warning, exit 0", async () => {
		const { lora, run } = await setup({ sidecars: { cm_info: true } });
		const r = await run(["get", "version:9500", "version:9520"]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stderr, /warning: No preview for broken\.safetensors: the image server .* answered HTTP 404/);
		const info = JSON.parse(await readFile(join(lora, "pictured.civitai.info"), "utf8"));
		assert.equal(info.id, 9500);
		assert.equal(info.files[0].id, 95000);
		assert.deepEqual(await readFile(join(lora, "pictured.preview.jpeg")), tinyJpeg());
		const cm = JSON.parse(await readFile(join(lora, "pictured.cm-info.json"), "utf8"));
		const file = pictured().models.find((m) => m.id === 950)!.versions[0]!.files[0]!;
		assert.deepEqual([cm.ModelId, cm.VersionId, cm.Hashes.BLAKE3], [950, 9500, hashesOf(file).BLAKE3]);
		assert.equal(JSON.parse(await readFile(join(lora, "pictured.json"), "utf8"))["activation text"], "pic_word, second word");
		assert.ok((await readdir(lora)).includes("broken.civitai.info"));
	});

	it("--no-sidecars writes none; config show lists the sidecars keys", async () => {
		const { lora, run } = await setup({ sidecars: { preview_max_nsfw_level: 4 } });
		const r = await run(["get", "version:9510", "--no-sidecars"]);
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(await readdir(lora), ["webp.safetensors"]);
		const show = JSON.parse((await run(["config", "show", "--json"])).stdout);
		assert.deepEqual(show.settings["sidecars.preview_max_nsfw_level"], { value: "4", source: "file" });
		assert.deepEqual(show.settings["sidecars.cm_info"], { value: "false", source: "file" });
	});

	it("a bad sidecars key in the config is refused, naming it", async () => {
		const { run } = await setup({ sidecars: { preview_max_nsfw_level: "high" } });
		const r = await run(["get", "version:9510"]);
		assert.equal(r.code, 2, r.stderr);
		assert.match(r.stderr, /sidecars\.preview_max_nsfw_level/);
	});
});
