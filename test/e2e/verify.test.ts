import assert from "node:assert/strict";
import { appendFile, open, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readCsv } from "../../src/history/csv-file.js";
import { flipByte } from "../helpers/files.js";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

async function setup() {
	const server = await fakeCivitai();
	const dir = await tempDir();
	const config = await writeConfig(dir);
	const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
	const run = (args: string[]) => runCli(args, { cwd: dir, env });
	const r = await run(["get", "version:1000", "version:2000", "version:3000", "version:9000"]);
	assert.equal(r.code, 0, r.stderr);
	return { server, dir, run };
}

describe("verify", () => {
	it("all good: every file ok, a seed-era row (no hash recorded) reported as such, exit 0", async () => {
		const { dir, run } = await setup();
		// a seed-format row names only the file; it lives in its category's folder
		await appendFile(
			join(dir, "download_history.csv"),
			"2024-10-24 10:00:00,lora,https://civitai.com/api/download/models/77,old.safetensors,,,,,,\n",
		);
		await writeFile(join(dir, "models/lora/old.safetensors"), "old bytes");
		const r = await run(["verify"]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /^ok +.*checkpoint1\.safetensors$/m);
		assert.match(
			r.stdout,
			/^ok +.*fresh\.safetensors$/m,
			"a file Civitai never hashed is checked against the hash taken while downloading",
		);
		assert.match(r.stdout, /^no hash known +.*old\.safetensors \(present; nothing to compare with\)$/m);
		assert.match(r.stdout, /Checked 5 files in .*: 4 ok, 0 missing, 0 size mismatch, 0 hash mismatch, 1 without a known hash\./);
	});

	it("finds a flipped byte and a deleted file; its failed list re-downloads both", async () => {
		const { server, dir, run } = await setup();
		const ckpt = join(dir, "models/checkpoint/checkpoint1.safetensors");
		const lora = join(dir, "models/lora/lora1.safetensors");
		const original = await readFile(ckpt);
		await flipByte(ckpt, 123_456);
		await rm(lora);
		const r = await run(["verify", "--failed-out", "broken.csv"]);
		assert.equal(r.code, 1);
		assert.match(r.stdout, /^hash mismatch +.*checkpoint1\.safetensors \(SHA-256 [0-9A-F]{64}; the history says [0-9A-F]{64}\)$/m);
		assert.match(r.stdout, /^missing +.*lora1\.safetensors$/m);
		assert.match(r.stdout, /2 ok, 1 missing, 0 size mismatch, 1 hash mismatch, 0 without a known hash/);
		assert.match(
			r.stdout,
			/re-download them with: civitai-dl redownload --from \S*broken\.csv --config \S+config\.json --base-url http:\/\/127\.0\.0\.1:\d+\n/,
		);
		const list = await readCsv(join(dir, "broken.csv"));
		assert.deepEqual(
			list.rows.map((x) => [x.cells.filename, x.cells.error_kind]),
			[
				["checkpoint1.safetensors", "hash_mismatch"],
				["lora1.safetensors", "disk"],
			],
		);
		const before = server.requests.filter((q) => q.origin === "storage").length;
		const again = await run(["redownload", "--from", "broken.csv"]);
		assert.equal(again.code, 0, again.stderr);
		assert.equal(server.requests.filter((q) => q.origin === "storage").length, before + 2, "both were downloaded again");
		assert.deepEqual(await readFile(ckpt), original);
		const after = await run(["verify"]);
		assert.equal(after.code, 0, after.stdout);
	});

	it("a file of the wrong size is a size mismatch (no hashing needed); --json gives one event per file and a summary", async () => {
		const { dir, run } = await setup();
		const emb = join(dir, "models/embedding/embedding1.pt");
		const fh = await open(emb, "a");
		await fh.write("extra");
		await fh.close();
		const r = await run(["verify", "--json"]);
		assert.equal(r.code, 1);
		const events = r.stdout
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as { type: string; status?: string; name?: string; sizeMismatch?: number });
		const files = events.filter((e) => e.type === "verify_file");
		assert.equal(files.length, 4);
		assert.equal(files.find((e) => e.name === "embedding1.pt")!.status, "size_mismatch");
		assert.equal(events.at(-1)!.type, "verify_summary");
		assert.equal(events.at(-1)!.sizeMismatch, 1);
	});

	it("an empty history is one sentence and exit 2", async () => {
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const r = await runCli(["verify"], { cwd: dir, env: { CIVITAI_DL_CONFIG: config } });
		assert.equal(r.code, 2);
		assert.match(r.stderr, /^civitai-dl: The history .* is empty; there is nothing to verify\.\n$/);
	});
});
