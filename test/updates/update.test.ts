import assert from "node:assert/strict";
import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, runInTerminal, tempDir, writeConfig } from "../helpers.js";
import { cli, expectedOutdated, updateCatalogue, writeUpdateHistory } from "./fixtures.js";

const COUNT = 15;

async function setup(extra: Record<string, unknown> = {}) {
	const server = await fakeCivitai({ catalogue: updateCatalogue(COUNT), anonymousDownloads: true });
	const dir = await tempDir();
	const config = await writeConfig(dir, { base_url: server.baseUrl, ...extra });
	const history = await writeUpdateHistory(dir, server.baseUrl, COUNT, true);
	const downloads = () =>
		server.requests
			.filter((r) => r.path.startsWith("/api/download/models/"))
			.map((r) => Number(r.path.split("/").pop()))
			.sort((a, b) => a - b);
	return { server, dir, config, history, downloads };
}

const newest = (ids: number[]) => ids.map((i) => i * 10 + 2);

/** The model files in a folder (sidecar files aside). */
async function models(folder: string): Promise<string[]> {
	return (await readdir(folder)).filter((f) => f.endsWith(".safetensors")).sort();
}

describe("update", () => {
	it("--yes downloads exactly the newer same-base versions into the old folders, records them, and keeps the old files", async () => {
		const { dir, config, history, downloads } = await setup();
		const r = await cli(["update", "--yes", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr + r.stdout);
		const want = expectedOutdated(COUNT);
		assert.deepEqual(downloads(), newest(want.sameBase));
		assert.match(
			r.stdout,
			/3 models. newest versions are for another base model; --all-base-models takes the newest whatever its base model/,
		);
		for (const i of want.sameBase) {
			const folder = join(dir, "custom", `m${i}`);
			assert.deepEqual(await models(folder), [`m${i}-v${i * 10 + 1}.safetensors`, `m${i}-v${i * 10 + 2}.safetensors`]);
			assert.equal(await readFile(join(folder, `m${i}-v${i * 10 + 1}.safetensors`), "utf8"), "old");
			// the engine's sidecar step ran for the new file too
			assert.ok((await readdir(folder)).includes(`m${i}-v${i * 10 + 2}.civitai.info`));
		}
		const rows = (await readCsv(history)).rows.map((x) => x.cells);
		for (const i of want.sameBase) {
			const recorded = rows.find((c) => c.version_id === String(i * 10 + 2));
			assert.ok(recorded, `a row for model ${i}'s new version`);
			assert.equal(recorded.path, join(dir, "custom", `m${i}`, `m${i}-v${i * 10 + 2}.safetensors`));
			assert.equal(recorded.model_id, String(i));
			assert.match(recorded.sha256!, /^[0-9A-F]{64}$/);
		}
		// nothing for another base model, nothing for the up-to-date ones
		for (const i of want.baseChanged) assert.ok(!rows.some((c) => c.version_id === String(i * 10 + 2)));
		// afterwards nothing is outdated but the other-base ones
		const again = await cli(["outdated", "--config", config], dir);
		assert.deepEqual(
			[...again.stdout.matchAll(/^Model (\d+):/gm)].map((m) => Number(m[1])),
			want.baseChanged,
		);
	});

	it("takes the run options of get (here --no-sidecars, --concurrency, --network-delays): no sidecar is written", async () => {
		const { dir, config, downloads } = await setup();
		const r = await cli(["update", "--yes", "--config", config, "--no-sidecars", "--concurrency", "2", "--network-delays", "1,2"], dir);
		assert.equal(r.code, 0, r.stderr + r.stdout);
		const want = expectedOutdated(COUNT);
		assert.deepEqual(downloads(), newest(want.sameBase));
		for (const i of want.sameBase) {
			const files = await readdir(join(dir, "custom", `m${i}`));
			assert.ok(!files.some((f) => f.endsWith(".civitai.info")), `no sidecar in m${i}: ${files.join(", ")}`);
		}
	});

	it("--all-base-models takes the versions for another base model too", async () => {
		const { dir, config, downloads } = await setup();
		const r = await cli(["update", "--yes", "--all-base-models", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr + r.stdout);
		assert.deepEqual(downloads(), newest(expectedOutdated(COUNT).all));
	});

	it("honours the ignore lists", async () => {
		const { dir, config, downloads } = await setup({ updates: { ignore_models: [1], ignore_versions: [42] } });
		const r = await cli(["update", "--yes", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr + r.stdout);
		assert.deepEqual(downloads(), newest(expectedOutdated(COUNT).sameBase.filter((i) => i !== 1 && i !== 4)));
	});

	it("--dry-run prints each version, its size and the file it goes to, and downloads nothing", async () => {
		const { dir, config, history, downloads } = await setup();
		const before = await readFile(history, "utf8");
		const r = await cli(["update", "--dry-run", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(downloads(), []);
		assert.equal(await readFile(history, "utf8"), before);
		assert.match(
			r.stdout,
			new RegExp(
				`^Model 1 v2 \\(#12\\) \\(1\\.0 KiB\\) → ${join(dir, "custom", "m1", "m1-v12.safetensors").replace(/[/\\.]/g, "\\$&")}$`,
				"m",
			),
		);
		assert.match(r.stdout, /6 versions to download \(6\.\d KiB\); nothing was downloaded \(--dry-run\)/);
	});

	it("refuses without a terminal unless --yes (exit 2), in either language", async () => {
		const { dir, config, downloads } = await setup();
		const r = await cli(["update", "--config", config], dir);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /update would download 6 new versions .*pass --yes/);
		const ja = await cli(["update", "--lang", "ja", "--config", config], dir);
		assert.equal(ja.code, 2);
		assert.match(ja.stderr, /確認する端末がないため、実行するには --yes を付けてください/);
		assert.deepEqual(downloads(), []);
	});
});

describe("update and a file name the old version already uses", () => {
	it("the new version gets its version id in its name; the old file is untouched", async () => {
		const catalogue = updateCatalogue(1);
		for (const v of catalogue.models[0]!.versions) v.files[0]!.name = "shared.safetensors";
		const server = await fakeCivitai({ catalogue, anonymousDownloads: true });
		const dir = await tempDir();
		const config = await writeConfig(dir, { base_url: server.baseUrl });
		const history = await writeUpdateHistory(dir, server.baseUrl, 1, true);
		// the history's row (and file) for v1 under the shared name
		const text = (await readFile(history, "utf8")).replaceAll("m1-v11.safetensors", "shared.safetensors");
		await writeFile(history, text);
		await rename(join(dir, "custom", "m1", "m1-v11.safetensors"), join(dir, "custom", "m1", "shared.safetensors"));
		const r = await cli(["update", "--yes", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr + r.stdout);
		const folder = join(dir, "custom", "m1");
		assert.deepEqual(await models(folder), ["shared.safetensors", "shared_12.safetensors"]);
		assert.equal(await readFile(join(folder, "shared.safetensors"), "utf8"), "old");
	});
});

describe("update's question and its --json output", () => {
	it("e2e on a terminal: asks y/N with the count and size; n downloads nothing, y downloads", async () => {
		const { dir, config, downloads } = await setup();
		const no = await runInTerminal(["update", "--no-progress", "--config", config], {
			cwd: dir,
			typed: [{ after: /\[y\/N\]/, text: "n" }],
		});
		assert.equal(no.code, 0, no.stdout);
		assert.match(
			no.stdout,
			/Download 6 new versions \(6\.\d KiB\): Model 1 v2, Model 4 v2, Model 6 v2 and 3 more\? Old versions are kept\. \[y\/N\]/,
		);
		assert.match(no.stdout, /Nothing was downloaded\./);
		assert.deepEqual(downloads(), []);
		const yes = await runInTerminal(["update", "--no-progress", "--config", config], {
			cwd: dir,
			typed: [{ after: /\[y\/N\]/, text: "y" }],
		});
		assert.equal(yes.code, 0, yes.stdout);
		assert.deepEqual(downloads(), newest(expectedOutdated(COUNT).sameBase));
	});

	it("--json --yes: every line is an NDJSON event: the plan, then the run's events", async () => {
		const { dir, config, downloads } = await setup();
		const r = await cli(["update", "--json", "--yes", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr);
		const events = r.stdout
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as { type: string; count?: number; otherBase?: number });
		assert.equal(events.filter((e) => e.type === "update_plan").length, 6);
		const plan = events.find((e) => e.type === "update_plan_summary")!;
		assert.equal(plan.count, 6);
		assert.equal(plan.otherBase, 3);
		assert.equal(events.filter((e) => e.type === "done").length, 6);
		assert.equal(events.at(-1)!.type, "summary");
		assert.equal(downloads().length, 6);
	});

	it("downloads nothing and exits 1 when the lookups failed", async () => {
		const server = await fakeCivitai({
			catalogue: updateCatalogue(COUNT),
			anonymousDownloads: true,
			listFaults: Array.from({ length: 4 }, () => ({ kind: "unavailable" as const })),
		});
		const dir = await tempDir();
		const config = await writeConfig(dir, { base_url: server.baseUrl });
		await writeUpdateHistory(dir, server.baseUrl, COUNT, true);
		const r = await cli(["update", "--yes", "--config", config], dir);
		assert.equal(r.code, 1);
		assert.match(r.stderr, /could not ask .* for new versions/);
		assert.equal(server.requests.filter((q) => q.path.startsWith("/api/download/")).length, 0);
	});
});
