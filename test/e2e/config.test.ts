import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Ctx } from "../../src/cli/context.js";
import { SETTING_FLAGS } from "../../src/cli/options.js";
import { buildProgram } from "../../src/cli/program.js";
import { messages } from "../../src/i18n/index.js";
import { systemClock } from "../../src/platform/clock.js";
import { BIN, fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

/** A context to build the command line with (nothing is run). */
function probeCtx(dir: string): Ctx {
	return {
		io: { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {}, cwd: dir, signal: new AbortController().signal },
		lang: "en",
		m: messages("en"),
		clock: systemClock,
		result: { code: 0 },
		http: () => Promise.reject(new Error("no network")),
	};
}

describe("config path | init | show", () => {
	it("config path prints the per-user path, or the one --config / CIVITAI_DL_CONFIG names", async () => {
		const dir = await tempDir();
		const r = await runCli(["config", "path"], { cwd: dir });
		assert.equal(r.stdout, `${join(dir, ".config", "civitai-dl", "config.json")}\n`);
		const env = await runCli(["config", "path"], { cwd: dir, env: { CIVITAI_DL_CONFIG: "x/c.json" } });
		assert.equal(env.stdout, `${join(dir, "x", "c.json")}\n`);
		const flag = await runCli(["config", "path", "--config", "/etc/c.json"], { cwd: dir, env: { CIVITAI_DL_CONFIG: "x/c.json" } });
		assert.equal(flag.stdout, "/etc/c.json\n");
	});

	it("config init writes a 0600 starter config that loads, and never overwrites without --force", async () => {
		const dir = await tempDir();
		const path = join(dir, ".config", "civitai-dl", "config.json");
		await mkdir(join(dir, "ComfyUI"));
		const r = await runCli(["config", "init", "--layout", "comfyui", "--root", "ComfyUI"], { cwd: dir });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /^Wrote .*config\.json \(readable only by you\)\.\nNext: set CIVITAI_API_KEY/);
		if (process.platform !== "win32") assert.equal((await stat(path)).mode & 0o777, 0o600);
		const written = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
		assert.equal(written.layout, "comfyui");
		assert.equal(written.root, join(dir, "ComfyUI"));
		assert.deepEqual(written.rate_limit_settings, {
			sleep_between_downloads: 5,
			retry_delays: [60, 180, 300],
			speed_threshold_kbps: 10,
			slow_duration_threshold_seconds: 30,
			network_retry_delays: [10, 30, 90],
			outage_after_failures: 3,
			lookup_pause: 1,
		});
		const show = await runCli(["config", "show"], { cwd: dir });
		assert.match(show.stdout, new RegExp(`download_paths\\.lora +${join(dir, "ComfyUI", "models", "loras")} +\\(config file\\)`));
		const again = await runCli(["config", "init"], { cwd: dir });
		assert.equal(again.code, 2);
		assert.match(again.stderr, /already exists; pass --force to replace it/);
		await writeFile(path, '{"api_key": "mine"}');
		// a key already in the environment: the next step is a download, not setting one
		const forced = await runCli(["config", "init", "--force"], { cwd: dir, env: { CIVITAI_API_KEY: "from-env" } });
		assert.equal(forced.code, 0, forced.stderr);
		assert.match(forced.stdout, /\nNext: run civitai-dl get <url>\./);
		assert.equal(await readFile(`${path}.bak`, "utf8"), '{"api_key": "mine"}');
		assert.equal((JSON.parse(await readFile(path, "utf8")) as { layout: unknown }).layout, null);
	});

	it("config init refuses a root that is not a folder (a typo), writing nothing (exit 2)", async () => {
		const dir = await tempDir();
		const r = await runCli(["config", "init", "--layout", "comfyui", "--root", "/typo/ComfyUI"], { cwd: dir });
		assert.equal(r.code, 2);
		assert.match(
			r.stderr,
			/\/typo\/ComfyUI is not a folder \(it does not exist, or it is a file\): give the folder your comfyui is installed in/,
		);
		await assert.rejects(stat(join(dir, ".config", "civitai-dl", "config.json")), { code: "ENOENT" });
	});

	it("config init writes every setting given on its command line (--red-base-url was dropped)", async () => {
		const dir = await tempDir();
		await mkdir(join(dir, "ComfyUI"));
		const given: Record<string, [string, string, unknown]> = {
			baseUrl: ["--base-url", "http://127.0.0.1:9/api/v1", "http://127.0.0.1:9/api/v1"],
			redBaseUrl: ["--red-base-url", "http://127.0.0.1:8/api/v1", "http://127.0.0.1:8/api/v1"],
			layout: ["--layout", "comfyui", "comfyui"],
			root: ["--root", "ComfyUI", join(dir, "ComfyUI")],
		};
		// every option of `config init` that sets a setting has a value here: a new one must be written too
		const init = buildProgram(probeCtx(dir))
			.commands.find((c) => c.name() === "config")!
			.commands.find((c) => c.name() === "init")!;
		const settingOptions = init.options.map((o) => o.attributeName()).filter((a) => a in SETTING_FLAGS);
		assert.deepEqual(settingOptions.sort(), Object.keys(given).sort());
		const r = await runCli(["config", "init", ...Object.values(given).flatMap((g) => g.slice(0, 2) as string[])], { cwd: dir });
		assert.equal(r.code, 0, r.stderr);
		const show = await runCli(["config", "show", "--json"], { cwd: dir });
		const settings = (JSON.parse(show.stdout) as { settings: Record<string, { value: string; source: string }> }).settings;
		const keyOf: Record<string, string> = { baseUrl: "base_url", redBaseUrl: "red_base_url", layout: "layout", root: "root" };
		for (const [name, [, , want]] of Object.entries(given)) {
			assert.deepEqual(settings[keyOf[name]!], { value: want, source: "file" }, name);
		}
	});

	it("config init with --layout but no --root and no terminal says what is missing (exit 2)", async () => {
		const dir = await tempDir();
		const r = await runCli(["config", "init", "--layout", "a1111"], { cwd: dir });
		assert.equal(r.code, 2);
		assert.match(r.stderr, /--layout a1111 needs --root/);
	});

	it("config show: red_base_url with its source (--red-base-url, CIVITAI_RED_BASE_URL, default)", async () => {
		const dir = await tempDir();
		const config = await writeConfig(dir, {});
		const def = await runCli(["config", "show"], { cwd: dir, env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: "" } });
		assert.match(def.stdout, /red_base_url +https:\/\/civitai\.red +\(default\)/);
		const env = await runCli(["config", "show"], {
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config, CIVITAI_RED_BASE_URL: "https://r.example" },
		});
		assert.match(env.stdout, /red_base_url +https:\/\/r\.example +\(environment\)/);
		const flag = await runCli(["config", "show", "--red-base-url", "http://127.0.0.1:7"], { cwd: dir, env: { CIVITAI_DL_CONFIG: config } });
		assert.match(flag.stdout, /red_base_url +http:\/\/127\.0\.0\.1:7 +\(command line\)/);
		const bad = await runCli(["config", "show", "--red-base-url", "civitai.red"], { cwd: dir, env: { CIVITAI_DL_CONFIG: config } });
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /--red-base-url "civitai\.red" must be an http\(s\) URL/);
	});

	it("config show: every effective value with its source, the key as **** plus its last 4", async () => {
		const dir = await tempDir();
		const config = await writeConfig(dir, { api_key: "file-key-0000", base_url: "https://civitai.com" });
		const r = await runCli(["config", "show", "--base-url", "http://127.0.0.1:9"], {
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config, CIVITAI_API_KEY: KEY },
		});
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /^config file: .*config\.json\n/);
		assert.match(r.stdout, new RegExp(`api_key +\\*\\*\\*\\*${KEY.slice(-4)} +\\(environment\\)`));
		assert.match(r.stdout, /base_url +http:\/\/127\.0\.0\.1:9 +\(command line\)/);
		assert.match(r.stdout, /red_base_url +\(not set\) +\(default\)/, "no red origin beside a custom base_url");
		assert.match(r.stdout, /rate_limit_settings\.sleep_between_downloads +0 +\(config file\)/);
		assert.match(r.stdout, /concurrency\.connections_per_file +1 +\(default\)/);
		assert.doesNotMatch(r.stdout, new RegExp(KEY.slice(0, 20)));
		assert.doesNotMatch(r.stdout, /file-key/);
		const json = JSON.parse((await runCli(["config", "show", "--json"], { cwd: dir, env: { CIVITAI_DL_CONFIG: config } })).stdout) as {
			settings: Record<string, { value: string; source: string }>;
		};
		assert.deepEqual(json.settings.api_key, { value: "****0000", source: "file" });
	});
});

describe("layouts", () => {
	it("--layout comfyui --root puts each category in ComfyUI's folder, over the config's download_paths (flag > file)", async () => {
		const server = await fakeCivitai();
		const dir = await tempDir();
		const config = await writeConfig(dir, { download_paths: { embedding: "my-embeddings", lora: "my-loras" } });
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		const r = await runCli(["get", "version:1000", "version:2010", "version:3000", "--layout", "comfyui", "--root", "UI"], {
			cwd: dir,
			env,
		});
		assert.equal(r.code, 0, r.stderr);
		await stat(join(dir, "UI/models/checkpoints/checkpoint1.safetensors"));
		await stat(join(dir, "UI/models/loras/lora2.safetensors")); // a LoCon goes with the LoRAs
		await stat(join(dir, "UI/models/embeddings/embedding1.pt"));
		const show = await runCli(["config", "show", "--layout", "comfyui", "--root", "UI"], { cwd: dir, env });
		assert.equal(show.code, 0, show.stderr);
		assert.match(show.stdout, new RegExp(`download_paths\\.lora +${join(dir, "UI/models/loras")} +\\(command line\\)`));
		assert.match(show.stdout, /download_paths are not used: --layout comfyui on the command line wins/);
		const json = JSON.parse(
			(await runCli(["config", "show", "--json", "--layout", "comfyui", "--root", "UI"], { cwd: dir, env })).stdout,
		) as {
			settings: Record<string, { source: string }>;
			notes: string[];
		};
		assert.equal(json.settings["download_paths.embedding"]?.source, "flag");
		assert.equal(json.notes.length, 1);
		// without the flag, the config's own folders and their source
		const plain = await runCli(["config", "show"], { cwd: dir, env });
		assert.match(plain.stdout, new RegExp(`download_paths\\.lora +${join(dir, "my-loras")} +\\(config file\\)`));
	});

	it("layout a1111 from the config maps to A1111's folders", async () => {
		const server = await fakeCivitai();
		const dir = await tempDir();
		const config = await writeConfig(dir, { layout: "a1111", root: "sd" });
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		const r = await runCli(["get", "version:1000", "version:2000", "version:3000"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stderr);
		await stat(join(dir, "sd/models/Stable-diffusion/checkpoint1.safetensors"));
		await stat(join(dir, "sd/models/Lora/lora1.safetensors"));
		await stat(join(dir, "sd/embeddings/embedding1.pt"));
	});

	it("an unknown --layout is refused with the choices", async () => {
		const dir = await tempDir();
		const r = await runCli(["get", "model:1", "--layout", "invokeai"], { cwd: dir });
		assert.equal(r.code, 2);
		assert.match(r.stderr, /--layout takes one of a1111, forge, comfyui, not "invokeai"\./);
	});
});

describe("output into a pipe that closes", () => {
	it("`civitai-dl ... | head`: no EPIPE stack trace when the reader goes away", async () => {
		const child = spawn(process.execPath, [BIN, "get", "--help"], { stdio: ["ignore", "pipe", "pipe"] });
		child.stdout.destroy(); // the reader is gone before the first write
		let stderr = "";
		child.stderr.on("data", (d) => (stderr += d));
		const [code] = (await once(child, "close")) as [number | null];
		assert.equal(stderr, "");
		assert.equal(code, 0);
	});
});
