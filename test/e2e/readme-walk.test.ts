import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCli, tempDir } from "../helpers.js";

/** What walking the README as a stranger found; each test holds a promise the README makes. */
describe("the README, walked", () => {
	it("`config init` (optional, the README says) moves nothing: folders and history stay where they were", async () => {
		const dir = await tempDir();
		const show = async () => {
			const r = await runCli(["config", "show", "--json"], { cwd: dir });
			const s = (JSON.parse(r.stdout) as { settings: Record<string, { value: string }> }).settings;
			return { lora: s["download_paths.lora"]?.value, history: s.history_file?.value };
		};
		const before = await show();
		assert.deepEqual(before, { lora: join(dir, "models/lora"), history: join(dir, "download_history.csv") });
		const init = await runCli(["config", "init"], { cwd: dir });
		assert.equal(init.code, 0, init.stderr);
		assert.deepEqual(await show(), before, "not under ~/.config/civitai-dl/");
		const written = JSON.parse(await readFile(join(dir, ".config/civitai-dl/config.json"), "utf8")) as {
			download_paths: Record<string, string>;
		};
		assert.equal(written.download_paths.checkpoint, join(dir, "models/checkpoint"));
	});

	it("`redownload all` without a terminal names the count in good English (1 item)", async () => {
		const dir = await tempDir();
		await writeFile(
			join(dir, "download_history.csv"),
			"timestamp,model_type,url,filename\n2025-10-20 21:03:11,lora,https://civitai.com/models/1,a.safetensors\n",
		);
		const r = await runCli(["redownload", "all"], { cwd: dir });
		assert.equal(r.code, 2);
		assert.match(r.stderr, /redownload all would download the one item \(/);
	});
});
