import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { decodeCsv } from "../../src/history/decode.js";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

async function setup(extra: Record<string, unknown> = {}) {
	const server = await fakeCivitai();
	const dir = await tempDir();
	const config = await writeConfig(dir, extra);
	const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
	return { server, dir, env, run: (args: string[]) => runCli([...args, "--no-progress"], { cwd: dir, env }) };
}

describe("bad local input: history and failed lists", () => {
	it("--from a file that does not exist, or a folder: one sentence, exit 2", async () => {
		const { server, dir, run } = await setup();
		const missing = await run(["redownload", "--from", "nope.csv", "--yes"]);
		assert.equal(missing.code, 2);
		assert.equal(missing.stderr, `civitai-dl: ${join(dir, "nope.csv")} does not exist.\n`);
		await mkdir(join(dir, "folder.csv"));
		const folder = await run(["redownload", "--from", "folder.csv", "--yes"]);
		assert.equal(folder.code, 2);
		assert.equal(folder.stderr, `civitai-dl: ${join(dir, "folder.csv")} is a folder, not a CSV file.\n`);
		await server.close();
	});

	it("a history that is a folder stops the run before anything is downloaded (exit 2)", async () => {
		const { server, dir, run } = await setup();
		await mkdir(join(dir, "download_history.csv"));
		const r = await run(["get", "version:2000"]);
		assert.equal(r.code, 2, r.stderr);
		// the one sentence names the setting that points there (get, and redownload all which reads it)
		assert.match(r.stderr, /download_history\.csv is a folder, not a CSV file\. It is the history \(history_file in the config/);
		const all = await run(["redownload", "all", "--yes"]);
		assert.equal(all.code, 2, all.stderr);
		assert.match(all.stderr, /download_history\.csv is a folder, not a CSV file\. It is the history \(history_file in the config/);
		assert.deepEqual(
			server.requests.filter((q) => q.path.startsWith("/api/download")),
			[],
		);
		assert.deepEqual(await readdir(join(dir, "models")).catch(() => []), []);
		await server.close();
	});

	it("a Shift-JIS history (saved by Excel): read with a warning naming the file and line, the run completes, the history is UTF-8 after", async () => {
		const { server, dir, run } = await setup();
		const history = join(dir, "download_history.csv");
		const header = "timestamp,model_type,url,filename,model_id,version_id,file_id,size_bytes,sha256,path\r\n";
		const row = (name: Buffer, vid: number) =>
			Buffer.concat([
				Buffer.from(`2026/01/01 0:00,lora,${server.baseUrl}/api/download/models/${vid},`),
				name,
				Buffer.from(`,,${vid},,,,\r\n`),
			]);
		const sjis = Buffer.concat([
			Buffer.from(header),
			row(Buffer.from("lora1.safetensors"), 2000),
			row(Buffer.from("836583588367", "hex"), 2010),
		]);
		await writeFile(history, sjis);
		const r = await run(["redownload", "all", "--yes"]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(
			r.stderr,
			new RegExp(
				`${history.replace(/[/.]/g, "\\$&")} is in Shift-JIS, not UTF-8 \\(from line 3\\), so civitai-dl reads it as Shift-JIS\\.`,
			),
		);
		assert.match(r.stdout, /succeeded: 2/);
		assert.deepEqual(await readFile(`${history}.shift_jis.bak`), sjis, "the original is kept");
		const after = decodeCsv(await readFile(history));
		assert.equal(after.encoding, "utf8");
		assert.match(after.text, /テスト/);
		await server.close();
	});

	it("a history with a binary blob in the middle: the lines around it are used, each bad line named", async () => {
		const { server, dir, run } = await setup();
		const history = join(dir, "download_history.csv");
		const header = "timestamp,model_type,url,filename,model_id,version_id,file_id,size_bytes,sha256,path\n";
		const line = (vid: number) => `2026-01-01 00:00:00,lora,${server.baseUrl}/api/download/models/${vid},x,,${vid},,,,\n`;
		const blob = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256));
		await writeFile(history, Buffer.concat([Buffer.from(header + line(2000)), blob, Buffer.from(`\n${line(2010)}`)]));
		const r = await run(["redownload", "all", "--yes"]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /succeeded: 2/);
		const warnings = r.stderr.split("\n").filter((l) => l.startsWith("warning:"));
		assert.ok(warnings.length >= 1);
		for (const w of warnings) assert.match(w, /download_history\.csv line \d+ is skipped/);
		await server.close();
	});

	it("a file that is not a history at all: 20 lines named, then a count, then exit 2", async () => {
		const { server, dir, run } = await setup();
		await writeFile(join(dir, "notes.csv"), Array.from({ length: 100 }, (_, i) => `note ${i},remember the milk`).join("\n"));
		const r = await run(["redownload", "--from", "notes.csv", "--yes"]);
		assert.equal(r.code, 2);
		const lines = r.stderr.trim().split("\n");
		assert.equal(lines.filter((l) => /line \d+ is skipped: expected 10 cells, found 2\./.test(l)).length, 20 - 1);
		assert.match(r.stderr, /line 1 is not a header with url and model_type columns/);
		assert.match(r.stderr, /notes\.csv: 81 more lines were skipped for the same kinds of reasons\./);
		assert.match(lines.at(-1)!, /notes\.csv has no rows to download\./);
		assert.equal(lines.length, 22);
		await server.close();
	});

	it("failed lists planted beside the history (a link to /dev/zero, a FIFO, 80 MiB): skipped, redownload all runs (red team of issue 25)", async () => {
		const { dir, env, run } = await setup();
		const got = await run(["get", "version:2000"]);
		assert.equal(got.code, 0, got.stderr);
		const d = new Date();
		const day = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, "0")}${String(d.getDate()).padStart(2, "0")}`;
		await symlink("/dev/zero", join(dir, `failed-${day}-000001.csv`));
		execFileSync("mkfifo", [join(dir, `failed-${day}-000002.csv`)]);
		const row = "2024-01-01 00:00:00,lora,https://civitai.com/api/download/models/2000,lora1.safetensors,,,,,,,other,x\n";
		await writeFile(
			join(dir, `failed-${day}-000003.csv`),
			`timestamp,model_type,url,filename,model_id,version_id,file_id,size_bytes,sha256,path,error_kind,error\n${row.repeat(Math.ceil((80 * 2 ** 20) / row.length))}`,
		);
		const started = Date.now();
		const all = await runCli(["redownload", "all", "--yes", "--no-progress"], { cwd: dir, env, timeoutMs: 30_000 });
		assert.equal(all.signal, null, "held until killed");
		assert.equal(all.code, 0, all.stderr);
		assert.ok(Date.now() - started < 20_000, `${Date.now() - started} ms`);
	});

	it("--from /dev/zero: refused past its size with one sentence, exit 2, instead of read for ever", async () => {
		const { run } = await setup();
		const r = await run(["redownload", "--from", "/dev/zero", "--yes"]);
		assert.equal(r.code, 2, r.stderr);
		assert.match(r.stderr, /\/dev\/zero is larger than 64 MiB/);
	});
});
