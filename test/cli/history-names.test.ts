import assert from "node:assert/strict";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { main } from "../../src/cli/main.js";
import { emptyRow, HISTORY_COLUMNS, type HistoryRow } from "../../src/history/columns.js";
import { writeCsv } from "../../src/history/csv-file.js";
import { tempDir, writeConfig } from "../helpers.js";
import { sink } from "../updates/fixtures.js";

async function history(dir: string, config: string, args: string[] = []) {
	const stdout = sink();
	const stderr = sink();
	const code = await main(["history", "--config", config, ...args], {
		stdout,
		stderr,
		stdin: new PassThrough(),
		// a request anywhere would fail: there is no server at all
		env: { CIVITAI_BASE_URL: "http://127.0.0.1:9" },
		cwd: dir,
		signal: new AbortController().signal,
	});
	return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const row = (dir: string, name: string, version: number): HistoryRow => ({
	...emptyRow(),
	timestamp: "2026-11-01 03:00:00",
	model_type: "lora",
	url: `https://civitai.com/api/download/models/${version}`,
	filename: name,
	version_id: String(version),
	file_id: String(version * 10),
	size_bytes: "1024",
	path: join(dir, "lora", name),
});

/** Issue 27: the model's name in `history`, from the row's own `.civitai.info`, never from the network. */
describe("history names the model", () => {
	it("from the .civitai.info beside the file, when it is for the row's version", async () => {
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const rows = [
			row(dir, "cute.safetensors", 11),
			row(dir, "stale.safetensors", 21),
			row(dir, "bare.safetensors", 31),
			row(dir, "linked.safetensors", 41),
		];
		await writeCsv(join(dir, "download_history.csv"), HISTORY_COLUMNS, rows);
		await mkdir(join(dir, "lora"), { recursive: true });
		await writeFile(join(dir, "lora", "cute.civitai.info"), JSON.stringify({ id: 11, name: "v1", model: { name: "Cute Style" } }));
		// another version's info (the file was replaced since): not this row's name
		await writeFile(join(dir, "lora", "stale.civitai.info"), JSON.stringify({ id: 20, name: "v0", model: { name: "Old Name" } }));
		// an info reached through a link is not read
		await writeFile(join(dir, "elsewhere.json"), JSON.stringify({ id: 41, name: "v1", model: { name: "Linked Name" } }));
		await symlink(join(dir, "elsewhere.json"), join(dir, "lora", "linked.civitai.info"));
		const r = await history(dir, config);
		assert.equal(r.code, 0, r.stderr);
		const line = (name: string) => r.stdout.split("\n").find((l) => l.includes(name)) ?? "";
		assert.match(line("cute.safetensors"), /cute\.safetensors {2}Cute Style v1 {2}https:/);
		assert.doesNotMatch(line("stale.safetensors"), /Old Name/);
		assert.doesNotMatch(line("linked.safetensors"), /Linked Name/);
		assert.match(line("bare.safetensors"), /bare\.safetensors {2}https:/);
		const json = await history(dir, config, ["--json"]);
		assert.match(json.stdout, /"model_name":"Cute Style"/);
		assert.match(json.stdout, /"version_name":"v1"/);
	});
});
