import assert from "node:assert/strict";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { FakeCivitai } from "../../fake-civitai/server.js";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, KEY, runCli, tempDir, waitFor, writeConfig } from "../helpers.js";

async function setup(server: FakeCivitai, rateLimits: Record<string, unknown> = {}) {
	const dir = await tempDir();
	const config = await writeConfig(dir, {
		rate_limit_settings: {
			sleep_between_downloads: 0,
			retry_delays: [0.2, 0.2, 0.2],
			speed_threshold_kbps: 10,
			slow_duration_threshold_seconds: 1,
			...rateLimits,
		},
	});
	const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
	return { dir, env, run: (args: string[], e: Record<string, string> = {}) => runCli(args, { cwd: dir, env: { ...env, ...e } }) };
}

/** A seed-format (4-column) history whose URLs point at the local server, in the seed's order. */
async function seedHistory(dir: string, base: string): Promise<void> {
	await writeFile(
		join(dir, "download_history.csv"),
		`timestamp,model_type,url,filename
2024-10-24 10:00:00,lora,${base}/models/200,lora1.safetensors
2024-10-24 10:01:00,checkpoint,${base}/models/100,checkpoint1.safetensors
2024-10-24 10:02:00,embedding,${base}/models/300,embedding1.pt
2024-10-24 10:03:00,lora,${base}/models/201,lora2.safetensors
`,
	);
}

const downloads = (s: FakeCivitai) => s.requests.filter((q) => q.path.startsWith("/api/download/models/"));

describe("redownload all", async () => {
	it("seed case 1: checkpoint first, then LoRAs in file order, then the embedding", async () => {
		const server = await fakeCivitai();
		const { dir, run } = await setup(server);
		await seedHistory(dir, server.baseUrl);
		const r = await run(["redownload", "all", "--yes"]);
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(
			downloads(server).map((q) => q.path.split("/").pop()),
			["1000", "2000", "2010", "3000"],
		);
		// the seed file was migrated to the full header and every download appended
		const text = await readFile(join(dir, "download_history.csv"), "utf8");
		assert.match(text, /^timestamp,model_type,url,filename,model_id,version_id,file_id,size_bytes,sha256,path\n/);
		assert.equal((await readCsv(join(dir, "download_history.csv"))).rows.length, 8);
		assert.match(r.stdout, /succeeded: 4/);
		assert.match(r.stdout, /success rate: 100\.0%/);
	});

	it("seed case 2: a 429 is retried after the first delay and succeeds; pacing follows the completed download", async () => {
		const server = await fakeCivitai({ faults: [{ version: 2000, attempt: 1, kind: "rate_limit" }] });
		const { dir, run } = await setup(server, { sleep_between_downloads: 0.5, retry_delays: [0.3, 5, 5] });
		await seedHistory(dir, server.baseUrl);
		const r = await run(["redownload", "all", "--yes"]);
		assert.equal(r.code, 0, r.stderr);
		const d = downloads(server);
		assert.deepEqual(
			d.map((q) => [q.path.split("/").pop(), q.status]),
			[
				["1000", 307],
				["2000", 429],
				["2000", 307],
				["2010", 307],
				["3000", 307],
			],
		);
		const retryGap = d[2]!.time - d[1]!.time;
		assert.ok(retryGap >= 280 && retryGap < 4000, `retried after the first delay (${retryGap} ms)`);
		// no download request starts earlier than the pacing sleep after the previous completed download
		const storage = server.requests.filter((q) => q.origin === "storage");
		for (const next of [d[1]!, d[3]!, d[4]!]) {
			const previousDone = storage.filter((q) => q.time < next.time).at(-1)!;
			assert.ok(next.time - previousDone.time >= 450, `${next.path} ${next.time - previousDone.time} ms after the previous download`);
		}
		assert.match(r.stdout, /retries:\s+1 \(1 item succeeded after retrying\)/);
	});

	it("seed case 3: 5 KiB/s for longer than the window is detected and retried", async () => {
		const server = await fakeCivitai({ faults: [{ version: 2010, attempt: 1, kind: "throttle", bytesPerSecond: 5 * 1024 }] });
		const { dir, run } = await setup(server);
		await seedHistory(dir, server.baseUrl);
		const t0 = Date.now();
		const r = await run(["redownload", "all", "--yes"]);
		assert.equal(r.code, 0, r.stderr);
		assert.ok(Date.now() - t0 < 15_000);
		assert.match(r.stderr, /below 10 KiB\/s for 1 s/);
		const storage2010 = server.requests.filter((q) => q.origin === "storage" && q.path.startsWith("/model/2010/"));
		assert.equal(storage2010.length, 2);
		assert.match(storage2010[1]!.range ?? "", /^bytes=\d+-$/);
	});

	it("seed case 4: an existing file is skipped with no wait; all present → all skipped, rate n/a, no download request", async () => {
		const server = await fakeCivitai();
		// a pacing far longer than a skip run takes, even on a busy machine
		const { dir, run } = await setup(server, { sleep_between_downloads: 30 });
		await seedHistory(dir, server.baseUrl);
		await mkdir(join(dir, "models/lora"), { recursive: true });
		const first = await run(["redownload", "all", "--yes", "--sleep", "0"]);
		assert.equal(first.code, 0, first.stderr);
		const before = downloads(server).length;
		const t0 = Date.now();
		const r = await run(["redownload", "all", "--yes"]);
		assert.equal(r.code, 0, r.stderr);
		assert.ok(Date.now() - t0 < 20_000, "skips do not wait the 30 s pacing");
		assert.equal(downloads(server).length, before, "no download request");
		assert.match(r.stdout, /skipped:\s+4/);
		assert.match(r.stdout, /success rate: n\/a/);
		assert.ok(!/waiting/.test(r.stdout));
	});

	it("refuses at once without a terminal unless --yes, naming --yes (exit 2)", async () => {
		const server = await fakeCivitai();
		const { dir, run } = await setup(server);
		await seedHistory(dir, server.baseUrl);
		const t0 = Date.now();
		const r = await run(["redownload", "all"]);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /--yes/);
		assert.match(r.stderr, /4 items/);
		assert.ok(Date.now() - t0 < 5000, "never hangs");
		assert.equal(downloads(server).length, 0);
	});

	it("a quota 429 mid-run parks the rest (exit 3) and `redownload --from` the list completes them later", async () => {
		const server = await fakeCivitai({ faults: [{ version: 2000, attempt: 1, kind: "quota" }] });
		const { dir, run } = await setup(server);
		await seedHistory(dir, server.baseUrl);
		const r = await run(["redownload", "all", "--yes", "--failed-out", "parked.csv"]);
		assert.equal(r.code, 3, r.stderr);
		assert.match(r.stdout, /parked:\s+2/);
		assert.match(r.stdout, /parked\.csv/);
		const parked = (await readCsv(join(dir, "parked.csv"))).rows;
		assert.deepEqual(
			parked.map((p) => [p.cells.filename, p.cells.error_kind]),
			[
				["lora1.safetensors", "quota"],
				["lora2.safetensors", "quota"],
				["embedding1.pt", "quota"],
			],
		);
		assert.equal(server.downloadsStarted(2010), 0, "nothing started after the quota");
		const again = await run(["redownload", "--from", "parked.csv"]);
		assert.equal(again.code, 0, again.stderr);
		assert.match(again.stdout, /succeeded: 3/);
		assert.equal(server.downloadsStarted(3000), 1);
	});

	it("warns about a corrupt history line by number and uses the rest", async () => {
		const server = await fakeCivitai();
		const { dir, run } = await setup(server);
		await writeFile(
			join(dir, "download_history.csv"),
			`timestamp,model_type,url,filename\n2024-10-24 10:00:00,lora,${server.baseUrl}/models/200,lora1.safetensors\nthis line is broken\n2024-10-24 10:02:00,embedding,${server.baseUrl}/models/300,embedding1.pt\n`,
		);
		const r = await run(["redownload", "all", "--yes"]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stderr, /line 3 is skipped/);
		assert.match(r.stdout, /succeeded: 2/);
	});

	it("fails a login-required item with a clear message and goes on", async () => {
		const server = await fakeCivitai({ anonymousDownloads: true });
		const { dir, run } = await setup(server);
		await writeFile(
			join(dir, "download_history.csv"),
			`timestamp,model_type,url,filename\nt,lora,${server.baseUrl}/models/400,members.safetensors\nt,embedding,${server.baseUrl}/models/300,embedding1.pt\n`,
		);
		const r = await run(["redownload", "all", "--yes"], { CIVITAI_API_KEY: "" });
		assert.equal(r.code, 1);
		assert.match(r.stderr, /members\.safetensors \(auth\).*logged in/);
		assert.match(r.stdout, /succeeded: 1/);
		// the printed command names the config and the site it ran with: copied into a shell without them, it
		// reads the same history and asks the same server (a walk: it went to another library and civitai.com)
		const printed = /re-run it with: civitai-dl (redownload --from \S+failed-\d{8}-\d{6}\.csv --config \S+ --base-url \S+)\n/.exec(
			r.stdout,
		);
		assert.ok(printed, r.stdout);
		const again = await runCli(printed[1]!.split(" "), { cwd: await tempDir(), env: { CIVITAI_API_KEY: KEY } });
		assert.equal(again.code, 0, again.stdout + again.stderr);
		assert.match(again.stdout, /Summary: 1 downloaded, 0 skipped, 0 failed/);
		assert.ok(again.stdout.includes(join(dir, "models/lora/members.safetensors")), "into the same library");
		assert.doesNotMatch(again.stderr, /No config file was found/);
	});

	it("`redownload <target>` downloads one history entry again into its recorded folder", async () => {
		const server = await fakeCivitai();
		const { dir, run } = await setup(server);
		await seedHistory(dir, server.baseUrl);
		await mkdir(join(dir, "elsewhere"), { recursive: true });
		assert.equal((await run(["get", "model:200", "-o", "elsewhere"])).code, 0);
		const before = server.downloadsStarted(2000);
		const r = await run(["redownload", "version:2000"]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(server.downloadsStarted(2000), before + 1, "downloaded again although it exists");
		assert.match(r.stdout, /elsewhere\/lora1\.safetensors/);
		assert.equal(server.downloadsStarted(1000), 0, "nothing else");
	});

	it("`history` lists the de-duplicated history; --json prints it as JSON", async () => {
		const server = await fakeCivitai();
		const { dir, run } = await setup(server);
		await seedHistory(dir, server.baseUrl);
		const plain = await run(["history"]);
		assert.equal(plain.code, 0);
		assert.match(plain.stdout, /4 entries/);
		const json = await run(["history", "--json"]);
		const rows = JSON.parse(json.stdout) as { filename: string }[];
		assert.deepEqual(
			rows.map((x) => x.filename),
			["lora1.safetensors", "checkpoint1.safetensors", "embedding1.pt", "lora2.safetensors"],
		);
	});

	it("Ctrl-C stops cleanly: partial kept, failed list written, summary printed, exit 130", async () => {
		const server = await fakeCivitai({ faults: [{ version: 1000, attempt: 1, kind: "throttle", bytesPerSecond: 100 * 1024 }] });
		const { dir, env } = await setup(server);
		await seedHistory(dir, server.baseUrl);
		const { spawn } = await import("node:child_process");
		const { BIN } = await import("../helpers.js");
		const child = spawn(process.execPath, [BIN, "redownload", "all", "--yes", "--failed-out", "stopped.csv"], {
			cwd: dir,
			env: { PATH: process.env.PATH ?? "", ...env },
		});
		let stdout = "";
		child.stdout.on("data", (d) => (stdout += d));
		const part = join(dir, "models/checkpoint/checkpoint1.safetensors.part");
		// interrupted once the checkpoint's bytes are flowing (100 KiB/s: it has seconds left)
		await waitFor("the checkpoint's partial file", async () => ((await stat(part).catch(() => undefined))?.size ?? 0) > 0);
		child.kill("SIGINT");
		const code = await new Promise<number | null>((r) => child.on("close", (c) => r(c)));
		assert.equal(code, 130);
		assert.match(stdout, /Summary/);
		assert.match(stdout, /interrupted/);
		assert.ok((await stat(part)).size > 0);
		const rows = (await readCsv(join(dir, "stopped.csv"))).rows;
		assert.equal(rows.length, 4, "the interrupted item and the rest are listed for --from");
	});
});
