import assert from "node:assert/strict";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { FakeModel } from "../../fake-civitai/catalogue.js";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, KEY, runCli, smallCatalogue, tempDir, writeConfig } from "../helpers.js";

const SAME = "pytorch_lora_weights.safetensors";
const MODELS: FakeModel[] = [
	{
		id: 1300,
		name: "Diffusers LoRAs",
		type: "LORA",
		versions: [13001, 13002, 13003].map((id, i) => ({
			id,
			name: `v${i}`,
			files: [{ id: id * 10, name: SAME, sizeBytes: (10 + i) * 1024, primary: true }],
		})),
	},
	{
		id: 1400,
		name: "Key",
		type: "LORA",
		versions: [{ id: 14000, name: "v1", files: [{ id: 140000, name: "authorized_keys", sizeBytes: 4096, primary: true }] }],
	},
];

async function setup() {
	const server = await fakeCivitai({ catalogue: { models: [...smallCatalogue().models, ...MODELS] } });
	const dir = await tempDir();
	const config = await writeConfig(dir);
	const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
	return { dir, run: (args: string[]) => runCli(args, { cwd: dir, env }) };
}

describe("trust boundaries (issue 19)", () => {
	it("redownload --from a shared failed list cannot write outside the download folders", async () => {
		const { dir, run } = await setup();
		const outside = join(dir, "outside", "authorized_keys");
		await mkdir(join(dir, "outside"));
		await writeFile(outside, "ssh-ed25519 AAAA mine\n");
		await writeFile(
			join(dir, "shared.csv"),
			"timestamp,model_type,url,filename,model_id,version_id,file_id,size_bytes,sha256,path,error_kind,error\n" +
				`2024-10-24 10:00:00,lora,,authorized_keys,1400,14000,140000,4096,,${outside},hash_mismatch,broken\n`,
		);
		const r = await run(["redownload", "--from", "shared.csv"]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(await readFile(outside, "utf8"), "ssh-ed25519 AAAA mine\n", "the file outside is untouched");
		const used = join(dir, "models/lora/authorized_keys");
		assert.equal((await stat(used)).size, 4096);
		assert.match(r.stderr, /warning: The path .*outside\/authorized_keys .* is outside the download folders/);
		const history = (await readCsv(join(dir, "download_history.csv"))).rows;
		assert.deepEqual(
			history.map((x) => x.cells.path),
			[used],
		);
		// the next `redownload all` follows the history: nothing goes outside either
		const again = await run(["redownload", "all", "--yes"]);
		assert.equal(again.code, 0, again.stderr);
		assert.equal(await readFile(outside, "utf8"), "ssh-ed25519 AAAA mine\n");
	});

	it("three gets of versions sharing one file name keep all three files; verify finds them all ok", async () => {
		const { dir, run } = await setup();
		for (const v of [13001, 13002, 13003]) {
			const r = await run(["get", `version:${v}`]);
			assert.equal(r.code, 0, r.stderr);
		}
		for (const name of [SAME, "pytorch_lora_weights_13002.safetensors", "pytorch_lora_weights_13003.safetensors"]) {
			await stat(join(dir, "models/lora", name));
		}
		const v = await run(["verify"]);
		assert.equal(v.code, 0, v.stdout);
		assert.match(v.stdout, /3 ok, 0 missing, 0 size mismatch, 0 hash mismatch/);
	});
});
