import assert from "node:assert/strict";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { FakeModel } from "../../fake-civitai/catalogue.js";
import { emptyRow, HISTORY_COLUMNS, type HistoryRow } from "../../src/history/columns.js";
import { readCsv, writeCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, runInTerminal, tempDir, writeConfig } from "../helpers.js";
import { cli } from "./fixtures.js";

/**
 * Issue 25 finding 1: a newer version whose primary file is named like a path. Model 1's old file lives
 * in `<dir>/lib/lora/`, model 2's one folder deeper: each hostile name climbs to a folder of `<dir>`.
 */
const HOSTILE: [number, string, string][] = [
	[1, "lib/lora", "../../victim/authorized_keys"],
	[2, "lib/lora/deep", "../../../newdir/sub/evil.safetensors"],
	[3, "lib/lora/deep", ""],
];

function model(i: number, hostileName: string): FakeModel {
	const file = (v: number, name: string) => [{ id: v * 10, name, sizeBytes: 2048 + i, primary: true }];
	return {
		id: i,
		name: `Model ${i}`,
		type: "LORA",
		versions: [
			{ id: i * 10 + 2, name: "v2", baseModel: "SDXL 1.0", publishedAt: "2026-11-01T00:00:00.000Z", files: file(i * 10 + 2, hostileName) },
			{
				id: i * 10 + 1,
				name: "v1",
				baseModel: "SDXL 1.0",
				publishedAt: "2026-01-01T00:00:00.000Z",
				files: file(i * 10 + 1, `m${i}.safetensors`),
			},
		],
	};
}

async function setup() {
	const server = await fakeCivitai({ catalogue: { models: HOSTILE.map(([i, , name]) => model(i, name)) }, anonymousDownloads: true });
	const dir = await tempDir();
	const config = await writeConfig(dir, { base_url: server.baseUrl });
	const rows: HistoryRow[] = [];
	for (const [i, folder] of HOSTILE) {
		await mkdir(join(dir, folder), { recursive: true });
		const path = join(dir, folder, `m${i}.safetensors`);
		await writeFile(path, "old");
		rows.push({
			...emptyRow(),
			timestamp: "2026-01-01 00:00:00",
			model_type: "lora",
			url: `${server.baseUrl}/api/download/models/${i * 10 + 1}`,
			filename: `m${i}.safetensors`,
			model_id: String(i),
			version_id: String(i * 10 + 1),
			file_id: String((i * 10 + 1) * 10),
			size_bytes: "3",
			path,
		});
	}
	const history = join(dir, "download_history.csv");
	await writeCsv(history, HISTORY_COLUMNS, rows);
	// the user's own file that the first name aims at
	await mkdir(join(dir, "victim"));
	await writeFile(join(dir, "victim", "authorized_keys"), "ssh-ed25519 AAAA mine\n");
	return { server, dir, config, history };
}

/** Every file under `dir`, relative to it. */
async function tree(dir: string, at = ""): Promise<string[]> {
	const out: string[] = [];
	for (const e of await readdir(join(dir, at), { withFileTypes: true })) {
		const rel = at ? `${at}/${e.name}` : e.name;
		if (e.isDirectory()) out.push(...(await tree(dir, rel)));
		else out.push(rel);
	}
	return out.sort();
}

describe("update with server-named files that climb out of the folder (issue 25, finding 1)", () => {
	it("--dry-run shows the real target: the old folder and the name made safe", async () => {
		const { dir, config } = await setup();
		const r = await cli(["update", "--dry-run", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr + r.stdout);
		assert.match(r.stdout, new RegExp(`→ ${join(dir, "lib/lora", "authorized_keys")}\\n`));
		assert.match(r.stdout, new RegExp(`→ ${join(dir, "lib/lora/deep", "evil.safetensors")}\\n`));
		assert.match(r.stdout, new RegExp(`→ ${join(dir, "lib/lora/deep", "32.bin")}\\n`), "no name: the version id's");
		assert.doesNotMatch(r.stdout, /\.\.\//);
	});

	it("the question on a terminal is asked after the same lines: what goes where", async () => {
		const { dir, config } = await setup();
		const r = await runInTerminal(["update", "--no-progress", "--config", config], { cwd: dir, typed: ["n"] });
		assert.equal(r.code, 0, r.stdout);
		const shown = r.stdout.replace(/\r/g, "");
		const line = shown.indexOf(`→ ${join(dir, "lib/lora", "authorized_keys")}`);
		assert.ok(line >= 0, shown);
		assert.ok(line < shown.indexOf("Download 3 new versions"), shown);
		assert.equal(await readFile(join(dir, "victim", "authorized_keys"), "utf8"), "ssh-ed25519 AAAA mine\n");
	});

	it("--yes writes each new file into the old version's folder under a safe name, records that, and a later redownload all stays there", async () => {
		const { dir, config, history } = await setup();
		const r = await cli(["update", "--yes", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr + r.stdout);
		assert.equal(await readFile(join(dir, "victim", "authorized_keys"), "utf8"), "ssh-ed25519 AAAA mine\n", "the user's file is untouched");
		await assert.rejects(stat(join(dir, "newdir")), { code: "ENOENT" }, "no folder is made outside");
		const landed = [
			join(dir, "lib/lora", "authorized_keys"),
			join(dir, "lib/lora/deep", "evil.safetensors"),
			join(dir, "lib/lora/deep", "32.bin"),
		];
		for (const [k, path] of landed.entries()) assert.equal((await stat(path)).size, 2048 + k + 1);
		const recorded = (await readCsv(history)).rows.map((x) => x.cells);
		assert.deepEqual(
			recorded.filter((c) => ["12", "22", "32"].includes(c.version_id ?? "")).map((c) => [c.path, c.filename]),
			[
				[landed[0], "authorized_keys"],
				[landed[1], "evil.safetensors"],
				[landed[2], "32.bin"],
			],
		);
		const before = await tree(dir);
		const again = await cli(["redownload", "all", "--yes", "--no-sidecars", "--config", config], dir);
		assert.equal(again.code, 0, again.stderr + again.stdout);
		assert.equal(await readFile(join(dir, "victim", "authorized_keys"), "utf8"), "ssh-ed25519 AAAA mine\n");
		assert.deepEqual(await tree(dir), before, "redownload all writes nothing new anywhere");
	});
});
