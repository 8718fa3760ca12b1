import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadSettings } from "../../src/config/load.js";
import { ConfigError } from "../../src/errors.js";
import { english } from "../../src/i18n/msg.js";
import { tempDir } from "../helpers.js";

describe("loadSettings", () => {
	it("uses the defaults when there is no config file", async () => {
		const dir = await tempDir();
		const { settings, sources, configFound } = await loadSettings({ env: { XDG_CONFIG_HOME: join(dir, "xdg") }, cwd: dir });
		assert.equal(configFound, false);
		assert.equal(settings.baseUrl, "https://civitai.com");
		assert.equal(settings.sleepMs, 5000);
		assert.deepEqual(settings.retryDelaysMs, [60_000, 180_000, 300_000]);
		assert.equal(settings.speedThresholdBps, 10 * 1024);
		assert.equal(settings.slowWindowMs, 30_000);
		assert.equal(settings.downloadPaths.checkpoint, join(dir, "models/checkpoint"));
		assert.equal(sources.sleepMs, "default");
	});

	it("finds the per-user config (XDG) and resolves relative paths against its folder", async () => {
		const dir = await tempDir();
		const cfgDir = join(dir, "xdg", "civitai-dl");
		await mkdir(cfgDir, { recursive: true });
		await writeFile(join(cfgDir, "config.json"), JSON.stringify({ download_paths: { lora: "loras" }, history_file: "h.csv" }));
		const { settings, configFound } = await loadSettings({ env: { XDG_CONFIG_HOME: join(dir, "xdg") }, cwd: "/" });
		assert.equal(configFound, true);
		assert.equal(settings.downloadPaths.lora, join(cfgDir, "loras"));
		assert.equal(settings.historyFile, join(cfgDir, "h.csv"));
	});

	it("loads a config written for the seed's Python tool unchanged", async () => {
		const dir = await tempDir();
		const path = join(dir, "config.json");
		await writeFile(
			path,
			JSON.stringify({
				api_key: "abc",
				download_paths: { checkpoint: "/models/ckpt", lora: "/models/lora", embedding: "/models/emb" },
				rate_limit_settings: {
					sleep_between_downloads: 5,
					retry_delays: [60, 180, 300],
					speed_threshold_kbps: 10,
					slow_duration_threshold_seconds: 30,
				},
			}),
		);
		const { settings, warnings } = await loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir });
		assert.deepEqual(warnings, []);
		assert.equal(settings.apiKey, "abc");
		assert.equal(settings.downloadPaths.checkpoint, "/models/ckpt");
		assert.equal(settings.speedThresholdBps, 10 * 1024);
	});

	it("layers defaults < file < env < flags and says where each value came from", async () => {
		const dir = await tempDir();
		const path = join(dir, "c.json");
		await writeFile(
			path,
			JSON.stringify({ api_key: "from-file", base_url: "https://file.example", rate_limit_settings: { sleep_between_downloads: 7 } }),
		);
		const env = { CIVITAI_DL_CONFIG: path, CIVITAI_TOKEN: "from-env", CIVITAI_BASE_URL: "https://env.example" };
		const a = await loadSettings({ env, cwd: dir });
		assert.equal(a.settings.apiKey, "from-env");
		assert.equal(a.sources.apiKey, "env");
		assert.equal(a.settings.baseUrl, "https://env.example");
		assert.equal(a.settings.sleepMs, 7000);
		assert.equal(a.sources.sleepMs, "file");
		const b = await loadSettings({ env, cwd: dir, flags: { baseUrl: "http://127.0.0.1:1", sleepMs: 500 } });
		assert.equal(b.settings.baseUrl, "http://127.0.0.1:1");
		assert.equal(b.sources.baseUrl, "flag");
		assert.equal(b.settings.sleepMs, 500);
		assert.equal(b.sources.sleepMs, "flag");
		const c = await loadSettings({ env: { ...env, CIVITAI_API_KEY: "primary" }, cwd: dir });
		assert.equal(c.settings.apiKey, "primary", "CIVITAI_API_KEY wins over its alias CIVITAI_TOKEN");
	});

	it("the network ladder and the outage breaker: defaults, file, flags", async () => {
		const dir = await tempDir();
		const path = join(dir, "c.json");
		const none = await loadSettings({ env: {}, cwd: dir });
		assert.deepEqual(none.settings.networkRetryDelaysMs, [10_000, 30_000, 90_000]);
		assert.equal(none.settings.outageAfterFailures, 3);
		await writeFile(path, JSON.stringify({ rate_limit_settings: { network_retry_delays: [5, 15], outage_after_failures: 5 } }));
		const file = await loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir });
		assert.deepEqual(file.warnings, [], "the keys are known");
		assert.deepEqual(file.settings.networkRetryDelaysMs, [5000, 15_000]);
		assert.equal(file.settings.outageAfterFailures, 5);
		assert.equal(file.sources.outageAfterFailures, "file");
		const flags = await loadSettings({
			env: { CIVITAI_DL_CONFIG: path },
			cwd: dir,
			flags: { networkRetryDelaysMs: [10], outageAfterFailures: 0 },
		});
		assert.deepEqual(flags.settings.networkRetryDelaysMs, [10]);
		assert.equal(flags.settings.outageAfterFailures, 0);
		assert.equal(flags.sources.networkRetryDelaysMs, "flag");
	});

	it("maps a layout preset with a root, explicit paths overriding it", async () => {
		const dir = await tempDir();
		const path = join(dir, "c.json");
		await writeFile(path, JSON.stringify({ layout: "comfyui", root: "ComfyUI", download_paths: { vae: "/vae" } }));
		const { settings } = await loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir });
		assert.equal(settings.downloadPaths.checkpoint, join(dir, "ComfyUI/models/checkpoints"));
		assert.equal(settings.downloadPaths.lora, join(dir, "ComfyUI/models/loras"));
		assert.equal(settings.downloadPaths.vae, "/vae");
	});

	it("--layout on the command line wins over the file's download_paths (a seed-era config), and says so", async () => {
		const dir = await tempDir();
		const path = join(dir, "c.json");
		const seedPaths = { checkpoint: "/models/ckpt", lora: "/models/lora", embedding: "/models/emb" };
		await writeFile(path, JSON.stringify({ download_paths: seedPaths }));
		const flagged = await loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir, flags: { layout: "comfyui", root: "UI" } });
		assert.equal(flagged.settings.downloadPaths.lora, join(dir, "UI/models/loras"));
		assert.equal(flagged.settings.downloadPaths.checkpoint, join(dir, "UI/models/checkpoints"));
		assert.equal(flagged.settings.downloadPaths.embedding, join(dir, "UI/models/embeddings"));
		assert.equal(flagged.sources.downloadPaths, "flag");
		assert.equal(flagged.filePathsSetAside, true);
		// without the flag the file's folders hold, and nothing was set aside
		const plain = await loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir });
		assert.equal(plain.settings.downloadPaths.lora, "/models/lora");
		assert.equal(plain.sources.downloadPaths, "file");
		assert.equal(plain.filePathsSetAside, false);
		// --root alone keeps the file's layout rules: explicit paths still win over a layout from the file
		await writeFile(path, JSON.stringify({ layout: "a1111", root: "sd", download_paths: { lora: "/mine" } }));
		const rootOnly = await loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir, flags: { root: "other" } });
		assert.equal(rootOnly.settings.downloadPaths.lora, "/mine");
		assert.equal(rootOnly.settings.downloadPaths.checkpoint, join(dir, "other/models/Stable-diffusion"));
	});

	const bad: [string, string, RegExp][] = [
		["not JSON", "{ nope", /not valid JSON/],
		["an array", "[]", /must hold a JSON object/],
		[
			"a negative sleep",
			JSON.stringify({ rate_limit_settings: { sleep_between_downloads: -1 } }),
			/"rate_limit_settings\.sleep_between_downloads" is -1/,
		],
		[
			"a retry delay that is text",
			JSON.stringify({ rate_limit_settings: { retry_delays: [60, "x"] } }),
			/"rate_limit_settings\.retry_delays\[1\]" is "x"/,
		],
		["an unknown layout", JSON.stringify({ layout: "invoke", root: "/x" }), /"layout" is "invoke".*a1111/],
		["a layout without root", JSON.stringify({ layout: "a1111" }), /"root" is not set/],
		["a base_url that is not a URL", JSON.stringify({ base_url: "civitai" }), /"base_url" is "civitai"/],
	];
	for (const [name, text, why] of bad) {
		it(`refuses ${name}, naming the key`, async () => {
			const dir = await tempDir();
			const path = join(dir, "c.json");
			await writeFile(path, text);
			await assert.rejects(loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir }), (e: unknown) => {
				assert.ok(e instanceof ConfigError, String(e));
				assert.match(e.message, why);
				return true;
			});
		});
	}

	it("names the line of a wrong type and of an unknown key", async () => {
		const dir = await tempDir();
		const path = join(dir, "c.json");
		const text = JSON.stringify({ api_key: "k", rate_limit_settings: { retry_delays: [60, 180], sleep_between_download: 1 } }, null, 2);
		await writeFile(path, text);
		const { warnings } = await loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir });
		assert.match(english(warnings[0]!), /c\.json line 8: unknown key "rate_limit_settings\.sleep_between_download" is ignored/);
		await writeFile(path, text.replace("180", '"x"'));
		await assert.rejects(
			loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir }),
			/c\.json line 6: "rate_limit_settings\.retry_delays\[1\]" is "x"/,
		);
		await writeFile(path, text.replace('"k"', "5"));
		await assert.rejects(loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir }), (e: unknown) => {
			assert.match(String((e as Error).message), /c\.json line 2: "api_key" is \(hidden\)/);
			return true;
		});
	});

	it("says where a config is not JSON without quoting it (the key may be there)", async () => {
		const dir = await tempDir();
		const path = join(dir, "c.json");
		const key = "sk-CANARY-0123456789abcdef";
		for (const [text, why] of [
			[`{\n  "api_key": ${key}\n}`, /c\.json is not valid JSON at line 2, column 14\./],
			[`{\n  "api_key": "${key}",\n}`, /c\.json line 3, column 1: JSON allows no comma before a closing bracket/],
			[`{\n  "api_key": '${key}'\n}`, /c\.json line 2, column 14: JSON needs double quotes/],
			[`{\n  "api_key": "${key}`, /c\.json ends at line 2, column 41 before its JSON is complete/],
		] as const) {
			await writeFile(path, text);
			await assert.rejects(loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir }), (e: unknown) => {
				assert.ok(e instanceof ConfigError, String(e));
				assert.match(e.message, why);
				assert.ok(!e.message.includes("CANARY"), e.message);
				return true;
			});
		}
	});

	it("refuses a config file named by --config or CIVITAI_DL_CONFIG that does not exist", async () => {
		const dir = await tempDir();
		await assert.rejects(
			loadSettings({ env: {}, cwd: dir, flags: { config: "missing.json" } }),
			/missing\.json \(from --config\) does not exist/,
		);
		await assert.rejects(loadSettings({ env: { CIVITAI_DL_CONFIG: join(dir, "nope.json") }, cwd: dir }), /CIVITAI_DL_CONFIG/);
	});

	it("warns about unknown keys instead of silently ignoring them", async () => {
		const dir = await tempDir();
		const path = join(dir, "c.json");
		await writeFile(path, JSON.stringify({ rate_limit_settings: { sleep_between_download: 1 } }));
		const { warnings } = await loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir });
		assert.equal(warnings.length, 1);
		assert.match(
			english(warnings[0]!),
			/unknown key "rate_limit_settings\.sleep_between_download" is ignored; did you mean "rate_limit_settings\.sleep_between_downloads"\?/,
		);
	});
});

describe("loadSettings: red_base_url", () => {
	const env = (dir: string, extra: Record<string, string> = {}) => ({ XDG_CONFIG_HOME: join(dir, "xdg"), ...extra });

	it("defaults to civitai.red beside civitai.com", async () => {
		const dir = await tempDir();
		const { settings, sources } = await loadSettings({ env: env(dir), cwd: dir });
		assert.equal(settings.redBaseUrl, "https://civitai.red");
		assert.equal(sources.redBaseUrl, "default");
	});

	it("has no default beside another base_url (nothing goes to a host the user did not name)", async () => {
		const dir = await tempDir();
		const { settings } = await loadSettings({ env: env(dir, { CIVITAI_BASE_URL: "http://127.0.0.1:9" }), cwd: dir });
		assert.equal(settings.redBaseUrl, null);
	});

	it("file < env < flag, a trailing slash dropped; null in the file turns it off", async () => {
		const dir = await tempDir();
		const path = join(dir, "c.json");
		await writeFile(path, JSON.stringify({ red_base_url: "https://file.example/" }));
		const a = await loadSettings({ env: env(dir, { CIVITAI_DL_CONFIG: path }), cwd: dir });
		assert.equal(a.settings.redBaseUrl, "https://file.example");
		assert.equal(a.sources.redBaseUrl, "file");
		const b = await loadSettings({ env: env(dir, { CIVITAI_DL_CONFIG: path, CIVITAI_RED_BASE_URL: "https://env.example" }), cwd: dir });
		assert.deepEqual([b.settings.redBaseUrl, b.sources.redBaseUrl], ["https://env.example", "env"]);
		const c = await loadSettings({
			env: env(dir, { CIVITAI_DL_CONFIG: path, CIVITAI_RED_BASE_URL: "https://env.example" }),
			cwd: dir,
			flags: { redBaseUrl: "http://127.0.0.1:2" },
		});
		assert.deepEqual([c.settings.redBaseUrl, c.sources.redBaseUrl], ["http://127.0.0.1:2", "flag"]);
		await writeFile(path, JSON.stringify({ red_base_url: null }));
		const d = await loadSettings({ env: env(dir, { CIVITAI_DL_CONFIG: path }), cwd: dir });
		assert.equal(d.settings.redBaseUrl, null);
	});

	it("the file's red origin goes with the file's base URL: a base URL moved by the environment or a flag takes its own default", async () => {
		// a walk: config init wrote civitai.com and civitai.red; CIVITAI_BASE_URL at the local Civitai then sent
		// every miss to civitai.red, which took 2 minutes of network retries to fail
		const dir = await tempDir();
		const path = join(dir, "c.json");
		await writeFile(path, JSON.stringify({ base_url: "https://civitai.com", red_base_url: "https://civitai.red" }));
		const local = { CIVITAI_DL_CONFIG: path, CIVITAI_BASE_URL: "http://127.0.0.1:9" };
		const a = await loadSettings({ env: env(dir, local), cwd: dir });
		assert.deepEqual([a.settings.redBaseUrl, a.sources.redBaseUrl], [null, "default"]);
		const b = await loadSettings({ env: env(dir, { CIVITAI_DL_CONFIG: path }), cwd: dir, flags: { baseUrl: "http://127.0.0.1:9/" } });
		assert.equal(b.settings.redBaseUrl, null);
		// the same origin as the file's (a path or slash apart) keeps the file's
		const c = await loadSettings({ env: env(dir, { CIVITAI_DL_CONFIG: path, CIVITAI_BASE_URL: "https://civitai.com/" }), cwd: dir });
		assert.deepEqual([c.settings.redBaseUrl, c.sources.redBaseUrl], ["https://civitai.red", "file"]);
		// a red origin named beside the moved base URL is kept
		const d = await loadSettings({ env: env(dir, { ...local, CIVITAI_RED_BASE_URL: "http://127.0.0.1:10" }), cwd: dir });
		assert.equal(d.settings.redBaseUrl, "http://127.0.0.1:10");
		// a file whose base URL is the local one keeps its red origin
		await writeFile(path, JSON.stringify({ base_url: "http://127.0.0.1:9", red_base_url: "http://127.0.0.1:10" }));
		const e = await loadSettings({ env: env(dir, local), cwd: dir });
		assert.equal(e.settings.redBaseUrl, "http://127.0.0.1:10");
	});

	it("refuses a CIVITAI_RED_BASE_URL that is not an http(s) URL, naming it", async () => {
		const dir = await tempDir();
		await assert.rejects(
			loadSettings({ env: env(dir, { CIVITAI_RED_BASE_URL: "civitai.red" }), cwd: dir }),
			(e: unknown) => e instanceof ConfigError && /CIVITAI_RED_BASE_URL/.test(english(e.msg)),
		);
	});
});
