import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { main } from "../../src/cli/main.js";
import { loadSettings } from "../../src/config/load.js";
import { tempDir } from "../helpers.js";

/** `config init` in-process, without a terminal (no questions), in `dir`; the file it wrote, parsed. */
async function init(dir: string, env: Record<string, string> = {}, args: string[] = []) {
	const out = new PassThrough();
	const err = new PassThrough();
	let stderr = "";
	err.on("data", (d) => (stderr += d));
	out.resume();
	const path = join(dir, "written", "config.json");
	const code = await main(["config", "init", "--config", path, ...args], {
		stdout: out,
		stderr: err,
		stdin: new PassThrough(),
		env: { XDG_CONFIG_HOME: join(dir, "xdg"), ...env },
		cwd: dir,
		signal: new AbortController().signal,
	});
	assert.equal(code, 0, stderr);
	return { path, file: JSON.parse(await readFile(path, "utf8")) as Record<string, Record<string, unknown>> };
}

describe("config init's starter file", () => {
	it("lists every setting there is, and loads back to exactly the settings of no file at all", async () => {
		const dir = await tempDir();
		const { path, file } = await init(dir);
		assert.equal(file.red_base_url, "https://civitai.red");
		assert.deepEqual(file.updates, { ignore_models: [], ignore_versions: [] });
		assert.deepEqual(file.sidecars, { info: true, preview: true, webui_json: true, cm_info: false, preview_max_nsfw_level: 1 });
		assert.deepEqual(file.rate_limit_settings!.network_retry_delays, [10, 30, 90]);
		assert.equal(file.rate_limit_settings!.outage_after_failures, 3);
		assert.equal(file.notifications!.timeout_seconds, 10);
		assert.deepEqual(file.notifications!.retry_delays, [2, 10]);

		const env = { XDG_CONFIG_HOME: join(dir, "xdg") };
		const none = await loadSettings({ env, cwd: dir });
		const written = await loadSettings({ env: { ...env, CIVITAI_DL_CONFIG: path }, cwd: dir });
		assert.equal(none.configFound, false);
		assert.equal(written.configFound, true);
		assert.deepEqual(written.warnings, [], "no unknown or misspelt key");
		assert.deepEqual(written.settings, none.settings);
		// every setting but the lock timeout (a flag only) and the model folders of a layout is in the file
		const fromFile = Object.entries(written.sources).filter(([, s]) => s === "file");
		const notInFile = Object.keys(written.sources).filter((k) => !fromFile.some(([f]) => f === k));
		assert.deepEqual(notInFile.sort(), ["layout", "lockTimeoutMs", "root"].sort());
	});

	it("with another base URL in force (CIVITAI_BASE_URL, --base-url) it writes no red_base_url: still no red origin", async () => {
		const mirror = "http://127.0.0.1:9";
		for (const how of [
			{ env: { CIVITAI_BASE_URL: mirror }, args: [] },
			{ env: {}, args: ["--base-url", mirror] },
		]) {
			const dir = await tempDir();
			const { path, file } = await init(dir, how.env, how.args);
			assert.equal("red_base_url" in file, false);
			// --base-url on init is written; the environment's is left to the environment
			assert.equal(file.base_url, how.args.length > 0 ? mirror : "https://civitai.com");
			const env = { XDG_CONFIG_HOME: join(dir, "xdg"), CIVITAI_BASE_URL: mirror };
			const none = await loadSettings({ env, cwd: dir });
			const written = await loadSettings({ env: { ...env, CIVITAI_DL_CONFIG: path }, cwd: dir });
			assert.equal(written.settings.redBaseUrl, null);
			assert.deepEqual(written.settings, none.settings);
		}
	});
});
