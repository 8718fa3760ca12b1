import assert from "node:assert/strict";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { acquireLock } from "../../src/history/lock.js";
import { systemClock } from "../../src/platform/clock.js";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

/** issue 27 point 15: every option a command accepts does what it says. */
describe("one vocabulary: each accepted option does what it says", () => {
	it("config path --json prints one JSON object", async () => {
		const dir = await tempDir();
		const r = await runCli(["config", "path", "--json"], { cwd: dir });
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(JSON.parse(r.stdout), { configPath: join(dir, ".config", "civitai-dl", "config.json"), found: false });
	});

	it("config init --json prints one JSON object and asks nothing", async () => {
		const dir = await tempDir();
		await mkdir(join(dir, "ComfyUI"));
		const r = await runCli(["config", "init", "--json", "--layout", "comfyui", "--root", "ComfyUI"], { cwd: dir });
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(JSON.parse(r.stdout), {
			configPath: join(dir, ".config", "civitai-dl", "config.json"),
			written: true,
			layout: "comfyui",
			root: join(dir, "ComfyUI"),
			keySet: false,
		});
	});

	it("history --json says what it prints: one JSON array", async () => {
		const dir = await tempDir();
		const help = await runCli(["history", "--help"], { cwd: dir });
		assert.match(help.stdout, /--json +print the rows as one JSON array \(not NDJSON\)/);
		assert.equal((await runCli(["history", "--json"], { cwd: dir })).stdout, "[]\n");
	});

	it("options that would do nothing are not accepted: history --base-url, config path --no-progress (exit 2)", async () => {
		const dir = await tempDir();
		for (const args of [
			["history", "--base-url", "http://127.0.0.1:9"],
			["config", "path", "--no-progress"],
			["notify", "test", "--red-base-url", "http://127.0.0.1:9"],
		]) {
			const r = await runCli(args, { cwd: dir });
			assert.equal(r.code, 2, args.join(" "));
			assert.match(r.stderr, /unknown option/);
		}
	});

	it("get, redownload, update, outdated and search take --lookup-pause, as import does; import takes no --sleep", async () => {
		const dir = await tempDir();
		for (const cmd of [["get"], ["redownload"], ["update"], ["outdated"], ["search"], ["import"]]) {
			const help = await runCli([...cmd, "--help"], { cwd: dir });
			assert.match(help.stdout, /--lookup-pause <seconds>/, cmd.join(" "));
		}
		const r = await runCli(["import", "--sleep", "1", "--dry-run"], { cwd: dir });
		assert.equal(r.code, 2);
	});

	it("verify --lock-timeout is in seconds, as everywhere (it was read as milliseconds)", async () => {
		const server = await fakeCivitai();
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		assert.equal((await runCli(["get", "version:2000"], { cwd: dir, env })).code, 0);
		await rm(join(dir, "models/lora/lora1.safetensors"));
		const release = await acquireLock(join(dir, "download_history.csv"), { timeoutMs: 0, clock: systemClock });
		const t0 = Date.now();
		const r = await runCli(["verify", "--failed-out", "broken.csv", "--lock-timeout", "1"], { cwd: dir, env });
		const waited = Date.now() - t0;
		await release();
		assert.equal(r.code, 2, r.stderr);
		assert.match(r.stderr, /still holds .* after 1\.0 s|still holds .* after 1 s/);
		assert.ok(waited >= 900, `waited ${waited} ms`);
	});
});
