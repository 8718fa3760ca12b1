import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { main } from "../../src/cli/main.js";
import { emptyRow, HISTORY_COLUMNS, type HistoryRow } from "../../src/history/columns.js";
import { writeCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, tempDir, writeConfig } from "../helpers.js";
import { sink, updateCatalogue, writeUpdateHistory } from "../updates/fixtures.js";

/** The CLI in-process on a "terminal" that answers `answer` to the question; what it printed. */
async function onTerminal(args: string[], dir: string, answer = "n") {
	const stdout = sink();
	const stderr = sink();
	const stdin = new PassThrough() as PassThrough & { isTTY: boolean };
	stdin.isTTY = true;
	stdout.on("data", (d: Buffer) => {
		if (/\[y\/N\] $/.test(String(d))) stdin.write(`${answer}\n`);
	});
	const code = await main(args, { stdout, stderr, stdin, env: { KEYLESS: "1" }, cwd: dir, signal: new AbortController().signal });
	return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const row = (dir: string, name: string, size: number): HistoryRow => ({
	...emptyRow(),
	timestamp: "2026-11-01 03:00:00",
	model_type: "lora",
	url: `https://civitai.com/api/download/models/${size}`,
	filename: name,
	version_id: String(size),
	file_id: String(size),
	size_bytes: String(size),
	path: join(dir, "lora", name),
});

/** Issue 27, point 4: a prompt says what will happen, no more and no less. */
describe("prompts say what will happen", () => {
	it("redownload all counts only what is missing (sizes on disk against the history's) and names it", async () => {
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const rows = [
			row(dir, "present-a.safetensors", 4000),
			row(dir, "missing-b.safetensors", 3 * 1024 * 1024),
			row(dir, "present-c.safetensors", 5000),
			row(dir, "short-d.safetensors", 1024 * 1024), // there, but cut short: downloaded again
		];
		await writeCsv(join(dir, "download_history.csv"), HISTORY_COLUMNS, rows);
		await mkdir(join(dir, "lora"), { recursive: true });
		await writeFile(rows[0]!.path, Buffer.alloc(4000));
		await writeFile(rows[2]!.path, Buffer.alloc(5000));
		await writeFile(rows[3]!.path, Buffer.alloc(10));
		const r = await onTerminal(["redownload", "all", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr);
		const question = r.stdout.split("\n").find((l) => l.includes("[y/N]")) ?? "";
		assert.match(
			question,
			/^Re-download 2 of the 4 items in .*download_history\.csv \(4\.0 MiB; 2 already there\): missing-b\.safetensors and short-d\.safetensors\? \[y\/N\] /,
		);
		assert.doesNotMatch(question, /present-/);
		const ja = await onTerminal(["redownload", "all", "--config", config, "--lang", "ja"], dir);
		assert.match(ja.stdout, /missing-b\.safetensors、short-d\.safetensors）を再ダウンロードしますか？ \[y\/N\] /);
	});

	it("a long list names a few and says how many more", async () => {
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const rows = Array.from({ length: 7 }, (_, i) => row(dir, `m${i}.safetensors`, 1000 + i));
		await writeCsv(join(dir, "download_history.csv"), HISTORY_COLUMNS, rows);
		const r = await onTerminal(["redownload", "all", "--config", config], dir);
		assert.match(r.stdout, /: m0\.safetensors, m1\.safetensors, m2\.safetensors and 4 more\? \[y\/N\] /);
	});

	it("without a terminal the refusal counts the same way", async () => {
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const rows = [row(dir, "present-a.safetensors", 4000), row(dir, "missing-b.safetensors", 2048)];
		await writeCsv(join(dir, "download_history.csv"), HISTORY_COLUMNS, rows);
		await mkdir(join(dir, "lora"), { recursive: true });
		await writeFile(rows[0]!.path, Buffer.alloc(4000));
		const stdout = sink();
		const stderr = sink();
		const code = await main(["redownload", "all", "--config", config], {
			stdout,
			stderr,
			stdin: new PassThrough(),
			env: { KEYLESS: "1" },
			cwd: dir,
			signal: new AbortController().signal,
		});
		assert.equal(code, 2);
		assert.match(stderr.text(), /redownload all would download 1 of the 2 items \(2\.0 KiB; 1 already there\)/);
	});

	it("update names the versions it asks about", async () => {
		const server = await fakeCivitai({ catalogue: updateCatalogue(3), anonymousDownloads: true });
		const dir = await tempDir();
		const config = await writeConfig(dir, { base_url: server.baseUrl });
		await writeUpdateHistory(dir, server.baseUrl, 3, true);
		const r = await onTerminal(["update", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /Download 1 new version \([\d.]+ KiB\): Model 1 v2\? Old versions are kept\. \[y\/N\] /);
	});
});
