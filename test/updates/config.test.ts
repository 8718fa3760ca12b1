import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadSettings } from "../../src/config/load.js";
import { ConfigError } from "../../src/errors.js";
import { english } from "../../src/i18n/msg.js";
import { tempDir } from "../helpers.js";
import { cli } from "./fixtures.js";

async function configWith(updates: unknown): Promise<{ dir: string; path: string }> {
	const dir = await tempDir();
	const path = join(dir, "config.json");
	await writeFile(path, JSON.stringify({ updates }));
	return { dir, path };
}

describe("updates.ignore_models / updates.ignore_versions", () => {
	it("default to empty lists", async () => {
		const dir = await tempDir();
		const { settings, sources } = await loadSettings({ env: { XDG_CONFIG_HOME: join(dir, "xdg") }, cwd: dir });
		assert.deepEqual(settings.ignoreModels, []);
		assert.deepEqual(settings.ignoreVersions, []);
		assert.equal(sources.ignoreModels, "default");
	});

	it("are read from the file and shown by config show", async () => {
		const { dir, path } = await configWith({ ignore_models: [4384, 7], ignore_versions: [1050496] });
		const { settings, sources } = await loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir });
		assert.deepEqual(settings.ignoreModels, [4384, 7]);
		assert.deepEqual(settings.ignoreVersions, [1050496]);
		assert.equal(sources.ignoreVersions, "file");
		const r = await cli(["config", "show", "--config", path], dir);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /updates\.ignore_models\s+4384, 7\s+\(config file\)/);
		assert.match(r.stdout, /updates\.ignore_versions\s+1050496\s+\(config file\)/);
	});

	it("refuse anything but positive whole ids, naming the key", async () => {
		const { dir, path } = await configWith({ ignore_models: ["4384"] });
		await assert.rejects(loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir }), (e: unknown) => {
			assert.ok(e instanceof ConfigError);
			assert.match(english(e.msg), /updates\.ignore_models/);
			return true;
		});
	});

	it("warn about an unknown key under updates", async () => {
		const { dir, path } = await configWith({ ignore_model: [1] });
		const { warnings } = await loadSettings({ env: { CIVITAI_DL_CONFIG: path }, cwd: dir });
		assert.ok(warnings.some((w) => /updates\.ignore_model" is ignored/.test(english(w))));
	});
});
