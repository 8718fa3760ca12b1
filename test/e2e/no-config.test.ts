import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

/**
 * Issue 27, point 19: without a config file, the defaults resolve against the current folder. The first
 * `get` used to write `./models/…` and `./download_history.csv` there without a word; it says once where
 * it writes and how to choose, and only then.
 */
describe("a run without a config file says where it writes", async () => {
	const server = await fakeCivitai();
	const env = { CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
	const NOTE = /No config file was found/;
	const notes = (text: string) => text.split("No config file was found").length - 1;

	it("get: one warning naming the folder, the models' folder, the history and `civitai-dl config init`", async () => {
		const dir = await tempDir();
		const r = await runCli(["get", "version:2000", "--no-progress"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stderr);
		assert.equal(notes(r.stderr), 1, r.stderr);
		const line = r.stderr.split("\n").find((l) => NOTE.test(l)) ?? "";
		assert.ok(line.startsWith("warning: "), line);
		assert.ok(line.includes(join(dir, ".config/civitai-dl/config.json")), line);
		assert.ok(line.includes(`this folder, ${dir}:`), line);
		assert.ok(line.includes(`the models to ${join(dir, "models")},`), line);
		assert.ok(line.includes(`the history to ${join(dir, "download_history.csv")}.`), line);
		assert.ok(line.includes("`civitai-dl config init`"), line);
		// and that is where it wrote
		assert.ok((await stat(join(dir, "models/lora/lora1.safetensors"))).isFile());
		assert.ok((await stat(join(dir, "download_history.csv"))).isFile());
	});

	it("redownload says it too; --output names only the history", async () => {
		const dir = await tempDir();
		await runCli(["get", "version:2000", "--no-progress"], { cwd: dir, env });
		const again = await runCli(["redownload", "all", "--yes", "--no-progress"], { cwd: dir, env });
		assert.equal(again.code, 0, again.stderr);
		assert.equal(notes(again.stderr), 1, again.stderr);
		const out = await runCli(["get", "version:3000", "--output", "elsewhere", "--no-progress"], { cwd: dir, env });
		assert.equal(out.code, 0, out.stderr);
		assert.match(
			out.stderr,
			/civitai-dl keeps its history in this folder, .*download_history\.csv\. To choose where it goes, run `civitai-dl config init`\./,
		);
		assert.doesNotMatch(out.stderr, /the models to/);
	});

	it("with a config file, or --dry-run, nothing is said", async () => {
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const withConfig = await runCli(["get", "version:2000", "--no-progress"], { cwd: dir, env: { ...env, CIVITAI_DL_CONFIG: config } });
		assert.equal(withConfig.code, 0, withConfig.stderr);
		assert.doesNotMatch(withConfig.stderr + withConfig.stdout, NOTE);
		const bare = await tempDir();
		const dry = await runCli(["get", "version:2000", "--dry-run"], { cwd: bare, env });
		assert.equal(dry.code, 0, dry.stderr);
		assert.doesNotMatch(dry.stderr + dry.stdout, NOTE);
	});

	it("with --json: a warning event on stdout, no text line", async () => {
		const dir = await tempDir();
		const r = await runCli(["get", "version:2000", "--json"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stderr);
		assert.doesNotMatch(r.stderr, NOTE);
		const events = r.stdout
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as { type: string; message?: string });
		const said = events.filter((e) => e.type === "warning" && NOTE.test(e.message ?? ""));
		assert.equal(said.length, 1);
		assert.equal(events.indexOf(said[0]!) < events.findIndex((e) => e.type === "run_start"), true, "before the run starts");
	});

	it("in Japanese with --lang ja", async () => {
		const dir = await tempDir();
		const r = await runCli(["get", "version:2000", "--no-progress", "--lang", "ja"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stderr, /設定ファイルが見つからないため.*`civitai-dl config init` を実行してください。/);
	});
});
