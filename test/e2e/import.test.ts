import assert from "node:assert/strict";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readBytes, sha256Of } from "../../fake-civitai/bytes.js";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

const KiB = 1024;

/** Files as a user has them in the configured folders: three Civitai knows, one it does not. */
async function setup() {
	const server = await fakeCivitai();
	const dir = await tempDir();
	const paths = Object.fromEntries(["checkpoint", "lora", "embedding"].map((c) => [c, join(dir, "models", c)]));
	const config = await writeConfig(dir, { download_paths: paths });
	const put = async (path: string, seed: string, size: number) => {
		await mkdir(join(path, ".."), { recursive: true });
		await writeFile(path, readBytes(seed, 0, size));
		return path;
	};
	const known = [
		await put(join(dir, "models/checkpoint/checkpoint1.safetensors"), "file-10000", 512 * KiB),
		await put(join(dir, "models/lora/sub/lora1.safetensors"), "file-20000", 200 * KiB),
		await put(join(dir, "models/embedding/embedding1.pt"), "file-30000", 20 * KiB),
	];
	const unknown = await put(join(dir, "models/lora/merged.safetensors"), "my-merge", 40 * KiB);
	// the .red origin (once configured by default) is the local server too: no request leaves the machine
	const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_RED_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
	const run = (args: string[]) => runCli(args, { cwd: dir, env });
	return { server, dir, known, unknown, run, history: join(dir, "download_history.csv") };
}

describe("civitai-dl import (the built CLI)", () => {
	it("import, import again (instant, nothing twice), delete, redownload all --yes: the same files at the same paths, verified", async () => {
		const { server, known, unknown, run, history } = await setup();
		const first = await run(["import", "--lookup-pause", "0"]);
		assert.equal(first.code, 0, first.stderr);
		assert.match(first.stdout, /Found 4 model files in 3 folders; 4 not in the history yet/);
		assert.match(
			first.stdout,
			/3 identified \(3 recorded in the history\), 1 unknown to Civitai, 0 not looked up; 4 hashed, 0 from the hash cache/,
		);
		assert.match(
			first.stdout,
			new RegExp(`unknown +${unknown.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(40.0 KiB, SHA-256 ${sha256Of("my-merge", 40 * KiB)}\\)`),
		);
		assert.deepEqual(server.byHashBatches, [4]);
		const rows = (await readCsv(history)).rows.map((r) => r.cells);
		assert.deepEqual(rows.map((r) => r.path).sort(), [...known].sort());

		const second = await run(["import", "--json", "--lookup-pause", "0"]);
		assert.equal(second.code, 0, second.stderr);
		const events = second.stdout
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as { type: string; cached?: boolean; hashedFiles?: number; recorded?: number });
		assert.equal(events.filter((e) => e.type === "hash_progress").length, 0, "no file hashed again");
		assert.deepEqual(
			events.filter((e) => e.type === "hashed").map((e) => e.cached),
			[true],
		);
		const done = events.find((e) => e.type === "import_done")!;
		assert.equal(done.hashedFiles, 0);
		assert.equal(done.recorded, 0);
		assert.equal((await readCsv(history)).rows.length, 3, "nothing recorded twice");

		for (const p of known) await rm(p);
		const back = await run(["redownload", "all", "--yes"]);
		assert.equal(back.code, 0, back.stderr);
		assert.match(back.stdout, /succeeded: 3/);
		for (const [p, seed, size] of [
			[known[0]!, "file-10000", 512 * KiB],
			[known[1]!, "file-20000", 200 * KiB],
			[known[2]!, "file-30000", 20 * KiB],
		] as const) {
			assert.deepEqual(await readFile(p), readBytes(seed, 0, size), p);
		}
		const verify = await run(["verify"]);
		assert.equal(verify.code, 0, verify.stdout);
		assert.match(verify.stdout, /3 ok/);
	});

	it("--dry-run writes no row; a folder that does not exist is exit 2; lookups that fail are exit 1", async () => {
		const { server, run, history, dir } = await setup();
		const dry = await run(["import", "--dry-run", "--lookup-pause", "0"]);
		assert.equal(dry.code, 0, dry.stderr);
		assert.match(dry.stdout, /Dry run: 3 would be recorded, 1 unknown to Civitai/);
		assert.equal((await readCsv(history)).rows.length, 0);
		const missing = await run(["import", join(dir, "nowhere")]);
		assert.equal(missing.code, 2);
		assert.match(missing.stderr, /nowhere is not a folder/);
		await server.close();
		const down = await run(["import", "--lookup-pause", "0"]);
		assert.equal(down.code, 1, down.stdout);
		assert.match(down.stdout, /not looked up/);
		assert.equal((await readCsv(history)).rows.length, 0);
	});

	it("--sidecars writes .civitai.info (the version that identified the file) next to each identified file, none for the unknown; without it none", async () => {
		const { known, unknown, run } = await setup();
		const plain = await run(["import", "--dry-run", "--lookup-pause", "0"]);
		assert.equal(plain.code, 0, plain.stderr);
		const info = (model: string) => model.replace(/\.[^.]+$/, ".civitai.info");
		await assert.rejects(readFile(info(known[0]!)), "no sidecar without --sidecars");
		const r = await run(["import", "--sidecars", "--lookup-pause", "0"]);
		assert.equal(r.code, 0, r.stderr);
		const ids = [];
		for (const p of known) ids.push((JSON.parse(await readFile(info(p), "utf8")) as { id: number }).id);
		assert.deepEqual(ids, [1000, 2000, 3000]);
		await assert.rejects(readFile(info(unknown)), "nothing is guessed for a file Civitai does not know");
	});

	it("a file the user renamed comes back under its own name after redownload all", async () => {
		const { dir, run, history } = await setup();
		const renamed = join(dir, "models/lora/my detail lora.safetensors");
		await writeFile(renamed, readBytes("file-20000", 0, 200 * KiB));
		await rm(join(dir, "models/lora/sub/lora1.safetensors"));
		const r = await run(["import", "--lookup-pause", "0"]);
		assert.equal(r.code, 0, r.stderr);
		assert.ok((await readCsv(history)).rows.some((x) => x.cells.path === renamed));
		await rm(renamed);
		const back = await run(["redownload", "all", "--yes", "--no-sidecars"]);
		assert.equal(back.code, 0, back.stderr);
		assert.deepEqual(await readFile(renamed), readBytes("file-20000", 0, 200 * KiB));
	});

	it("a carriage return in a file name (a\\rb.safetensors): the history stays readable, nothing is recorded twice", async () => {
		const server = await fakeCivitai();
		const dir = await tempDir();
		const lora = join(dir, "models", "lora");
		const config = await writeConfig(dir, { download_paths: { lora, checkpoint: join(dir, "ck"), embedding: join(dir, "emb") } });
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_RED_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		const run = (args: string[]) => runCli(args, { cwd: dir, env });
		await mkdir(lora, { recursive: true });
		const files: [string, string, number][] = [
			["a\rb.safetensors", "file-20000", 200 * KiB],
			["normal.safetensors", "file-20100", 150 * KiB],
			["other.safetensors", "file-30000", 20 * KiB],
		];
		for (const [name, seed, size] of files) await writeFile(join(lora, name), readBytes(seed, 0, size));
		const first = await run(["import", "--lookup-pause", "0"]);
		assert.equal(first.code, 0, first.stderr);
		const shown = await run(["history", "--json"]);
		assert.equal(shown.code, 0, shown.stderr);
		assert.doesNotMatch(shown.stderr, /skipped/);
		const rows = (JSON.parse(shown.stdout) as { filename: string }[]).map((r) => r.filename).sort();
		assert.deepEqual(rows, ["a\rb.safetensors", "normal.safetensors", "other.safetensors"]);
		const again = await run(["import", "--lookup-pause", "0"]);
		assert.equal(again.code, 0, again.stderr);
		assert.equal((await readCsv(join(dir, "download_history.csv"))).rows.length, 3, "nothing recorded twice");
		for (const [name] of files) await rm(join(lora, name));
		const back = await run(["redownload", "all", "--yes", "--no-sidecars"]);
		assert.equal(back.code, 0, back.stderr);
		assert.match(back.stdout, /succeeded: 3/);
		// a name written again is a safe one: no control characters (the CR is dropped)
		const again3 = [["ab.safetensors", "file-20000", 200 * KiB], ...files.slice(1)] as const;
		for (const [name, seed, size] of again3) assert.deepEqual(await readFile(join(lora, name)), readBytes(seed, 0, size), name);
	});
});
