import assert from "node:assert/strict";
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { FakeModel } from "../../fake-civitai/catalogue.js";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, tempDir, writeConfig } from "../helpers.js";
import { cli } from "../updates/fixtures.js";

const KiB = 1024;
const models: FakeModel[] = [
	{
		id: 61,
		name: "XL",
		type: "LORA",
		versions: [
			{ id: 611, name: "v1", baseModel: "SDXL 1.0", files: [{ id: 6110, name: "xl.safetensors", sizeBytes: 4 * KiB, primary: true }] },
		],
	},
	{
		id: 62,
		name: "Pony",
		type: "LORA",
		versions: [
			{ id: 621, name: "v1", baseModel: "Pony", files: [{ id: 6210, name: "pony.safetensors", sizeBytes: 4 * KiB, primary: true }] },
		],
	},
	{
		id: 63,
		name: "Ckpt",
		type: "Checkpoint",
		versions: [
			{ id: 631, name: "v1", baseModel: "SD 1.5", files: [{ id: 6310, name: "ckpt.safetensors", sizeBytes: 4 * KiB, primary: true }] },
		],
	},
];

async function setup(extra: Record<string, unknown> = {}) {
	const server = await fakeCivitai({ catalogue: { models }, anonymousDownloads: true });
	const dir = await tempDir();
	await mkdir(join(dir, "ComfyUI"));
	const config = await writeConfig(dir, { base_url: server.baseUrl, layout: "comfyui", root: join(dir, "ComfyUI"), ...extra });
	return { dir, config };
}

/** issue 27: downloads organised into subfolders by base model, as LoRA Manager users asked. */
describe("folder_layout {type}/{base_model}", () => {
	it("puts each file in a subfolder of its category's folder named for its base model, and records it there", async () => {
		const { dir, config } = await setup({ folder_layout: "{type}/{base_model}" });
		const r = await cli(["get", "version:611", "version:621", "version:631", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr + r.stdout);
		const want = [
			join(dir, "ComfyUI/models/loras/SDXL 1.0/xl.safetensors"),
			join(dir, "ComfyUI/models/loras/Pony/pony.safetensors"),
			join(dir, "ComfyUI/models/checkpoints/SD 1.5/ckpt.safetensors"),
		];
		for (const p of want) assert.ok((await stat(p)).isFile(), p);
		const rows = (await readCsv(join(dir, "download_history.csv"))).rows.map((x) => x.cells.path);
		assert.deepEqual(rows.sort(), [...want].sort());
		// a later redownload keeps the recorded folders
		const again = await cli(["redownload", "all", "--yes", "--config", config], dir);
		assert.match(again.stdout, /skipped:\s+3/);
	});

	it("--folder-layout on the command line, in a dry run: the plan names the subfolder", async () => {
		const { dir, config } = await setup();
		const r = await cli(["get", "version:611", "--dry-run", "--folder-layout", "{type}/{base_model}", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /ComfyUI\/models\/loras\/SDXL 1\.0\/xl\.safetensors/);
		const plain = await cli(["get", "version:611", "--dry-run", "--config", config], dir);
		assert.match(plain.stdout, /ComfyUI\/models\/loras\/xl\.safetensors/);
	});

	it("an unknown template is refused with the choices (exit 2); config show names the setting", async () => {
		const { dir, config } = await setup({ folder_layout: "{type}/{base_model}" });
		const r = await cli(["get", "version:611", "--folder-layout", "{base_model}/{type}", "--config", config], dir);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /\{type\}, \{type\}\/\{base_model\}/);
		const show = await cli(["config", "show", "--config", config], dir);
		assert.match(show.stdout, /folder_layout\s+\{type\}\/\{base_model\}\s+\(config file\)/);
	});
});
