import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { hashesOf } from "../../fake-civitai/catalogue.js";
import type { FakeCivitai } from "../../fake-civitai/server.js";
import { readCsv } from "../../src/history/csv-file.js";
import { fileSha256 } from "../helpers/files.js";
import { BIN, fakeCivitai, KEY, runCli, smallCatalogue, tempDir, writeConfig } from "../helpers.js";

async function setup(server: FakeCivitai, extra: Record<string, unknown> = {}) {
	const dir = await tempDir();
	const config = await writeConfig(dir, extra);
	const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
	return { dir, env, run: (args: string[], e: Record<string, string> = {}) => runCli(args, { cwd: dir, env: { ...env, ...e } }) };
}

/** The SHA-256 the API publishes for a version's primary file, without a request in the server's log. */
async function apiSha(_server: FakeCivitai, vid: number): Promise<string> {
	for (const m of smallCatalogue().models) {
		const v = m.versions.find((x) => x.id === vid);
		if (v) return hashesOf(v.files.find((f) => f.primary) ?? v.files[0]!).SHA256!;
	}
	throw new Error(`no version ${vid}`);
}

/** The sidecar files written next to each model (test/e2e/sidecars.test.ts checks them). */
const SIDECAR = /\.(civitai\.info|json|cm-info\.json|preview\.(png|jpeg|webp))$/;

/** Every file under `dir` but the sidecar files. */
async function listFiles(dir: string): Promise<string[]> {
	const out: string[] = [];
	for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
		if (e.isFile() && !SIDECAR.test(e.name)) out.push(join(e.parentPath, e.name));
	return out;
}

describe("get: success", async () => {
	const server = await fakeCivitai();

	it("downloads, verifies, records every history column, and never leaks the key", async () => {
		const { dir, run } = await setup(server);
		const r = await run(["get", `${server.baseUrl}/models/200/lora-one`, "-v"]);
		assert.equal(r.code, 0, r.stderr);
		const path = join(dir, "models/lora/lora1.safetensors");
		assert.equal(await fileSha256(path), await apiSha(server, 2000));
		const rows = (await readCsv(join(dir, "download_history.csv"))).rows;
		assert.equal(rows.length, 1);
		const c = rows[0]!.cells;
		assert.match(c.timestamp!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		assert.deepEqual(
			[c.model_type, c.filename, c.model_id, c.version_id, c.file_id, c.size_bytes, c.sha256, c.path],
			["lora", "lora1.safetensors", "200", "2000", "20000", String(200 * 1024), await apiSha(server, 2000), path],
		);
		assert.equal(c.url, `${server.baseUrl}/api/download/models/2000?fileId=20000`);
		// the key went to the API origin only, as a header, never as ?token=
		const storage = server.requests.filter((q) => q.origin === "storage");
		assert.ok(storage.length > 0);
		assert.ok(storage.every((q) => !q.authorization && !q.token));
		assert.ok(server.requests.every((q) => !q.token));
		assert.ok(
			server.requests.filter((q) => q.path.startsWith("/api/download")).every((q) => q.authorization && q.query.fileId === "20000"),
		);
		assert.ok(server.requests.every((q) => /^civitai-dl\/\d/.test(q.userAgent)));
		for (const text of [r.stdout, r.stderr, await readFile(join(dir, "download_history.csv"), "utf8")]) assert.ok(!text.includes(KEY));
		assert.deepEqual(await listFiles(join(dir, "models")), [path], "no .part left behind");
	});

	it("keeps hostile names inside the target folder and a non-ASCII filename* name intact", async () => {
		const { dir, run } = await setup(server);
		const r = await run(["get", "model:800", "model:801", "model:802", "model:803", "model:804"]);
		assert.equal(r.code, 0, r.stderr);
		const files = (await listFiles(dir)).filter((f) => !f.endsWith(".csv") && !f.endsWith(".json") && !f.endsWith(".runs.jsonl"));
		assert.equal(files.length, 5);
		for (const f of files) {
			assert.ok(f.startsWith(join(dir, "models/lora/")), f);
			assert.ok(Buffer.byteLength(f.split("/").pop()!) <= 255);
			assert.ok(!/[\u0000-\u001f]/.test(f), JSON.stringify(f));
		}
		assert.ok(files.includes(join(dir, "models/lora/夜桜スタイル.safetensors")));
		assert.ok(files.includes(join(dir, "models/lora/x.safetensors")));
	});

	it("names a file from Content-Disposition (filename*) when the API gives no name, made safe", async () => {
		const { dir, run } = await setup(server);
		const r = await run(["get", "model:805"]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal((await stat(join(dir, "models/lora/名前.safetensors"))).size, 10 * 1024);
		assert.deepEqual(await listFiles(join(dir, "models/lora")), [join(dir, "models/lora/名前.safetensors")], "no .part or stand-in left");
		assert.equal((await readCsv(join(dir, "download_history.csv"))).rows[0]!.cells.filename, "名前.safetensors");
	});

	it("skips a file that exists with the right size, re-downloads a wrong size, and --force replaces", async () => {
		const { dir, run } = await setup(server);
		const path = join(dir, "models/embedding/embedding1.pt");
		assert.equal((await run(["get", "model:300"])).code, 0);
		const before = server.requests.filter((q) => q.origin === "storage").length;
		const again = await run(["get", "model:300"]);
		assert.equal(again.code, 0);
		assert.match(again.stdout, /skipped embedding1\.pt/);
		assert.equal(server.requests.filter((q) => q.origin === "storage").length, before, "a skip downloads nothing");
		await writeFile(path, "short");
		assert.equal((await run(["get", "model:300"])).code, 0);
		assert.equal((await stat(path)).size, 20 * 1024);
		const forced = await run(["get", "model:300", "--force"]);
		assert.equal(forced.code, 0);
		assert.match(forced.stdout, /done embedding1\.pt/);
		assert.equal((await readCsv(join(dir, "download_history.csv"))).rows.length, 3);
	});

	it("--dry-run prints the plan and sends no download request; --json prints only NDJSON", async () => {
		const { run } = await setup(server);
		const before = server.requests.filter((q) => q.path.startsWith("/api/download")).length;
		const r = await run(["get", "model:100", "model:300", "--dry-run", "--json"]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(server.requests.filter((q) => q.path.startsWith("/api/download")).length, before);
		const events = r.stdout
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as { type: string; action?: string; path?: string });
		assert.deepEqual(
			events.map((e) => e.type),
			["run_start", "plan", "plan", "run_end", "summary"],
		);
		assert.ok(events[1]!.path!.endsWith("models/checkpoint/checkpoint1.safetensors"));
	});

	it("a second file that would land on the same path gets a distinct name instead of overwriting the first", async () => {
		const { dir, run } = await setup(server);
		const r = await run(["get", "version:11100", `${server.baseUrl}/api/download/models/11100?fileId=111001`, "--failed-out", "f.csv"]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal((await stat(join(dir, "models/checkpoint/flux_dev.safetensors"))).size, 12 * 1024, "the first file is intact");
		assert.equal((await stat(join(dir, "models/checkpoint/flux_dev_11100.safetensors"))).size, 8 * 1024);
	});

	it("honours --output, --type and --file-id", async () => {
		const { dir, run } = await setup(server);
		const r = await run(["get", "version:1000", "--file-id", "10001", "--type", "vae", "-o", "out"]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal((await stat(join(dir, "out/checkpoint1_full.safetensors"))).size, 300 * 1024);
		const rows = (await readCsv(join(dir, "download_history.csv"))).rows;
		assert.equal(rows[0]!.cells.model_type, "vae");
	});
});

describe("get: bad input", async () => {
	const server = await fakeCivitai();

	it("refuses an unparseable target before any network request, exit 2", async () => {
		const { run } = await setup(server);
		const n = server.requests.length;
		const r = await run(["get", "https://example.com/models/1"]);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /not a Civitai host.*Expected a Civitai model URL/s);
		assert.equal(server.requests.length, n);
		assert.equal(r.stderr.trim().split("\n").length, 1, "one sentence, no stack");
	});

	it("refuses a bare number that is both a model and a version, with a hint, exit 2", async () => {
		const { run } = await setup(server);
		const r = await run(["get", "1000"]);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /write model:1000 or version:1000/);
	});

	it("refuses a bad flag value and a broken config with one line, exit 2", async () => {
		const { dir, run } = await setup(server);
		const a = await run(["get", "model:1", "--sleep", "soon"]);
		assert.equal(a.code, 2);
		assert.match(a.stderr, /--sleep takes a number/);
		await writeFile(join(dir, "bad.json"), JSON.stringify({ rate_limit_settings: { retry_delays: "60" } }));
		const b = await run(["get", "model:1"], { CIVITAI_DL_CONFIG: join(dir, "bad.json") });
		assert.equal(b.code, 2);
		assert.match(b.stderr, /"rate_limit_settings\.retry_delays" is "60"/);
	});
});

describe("get: each documented failure gets its kind, the server's message, and no final file", async () => {
	const server = await fakeCivitai({
		faults: [
			{ version: 3000, kind: "login_page", attempt: "every" },
			{ version: 2010, kind: "wrong_bytes", attempt: "every" },
			{ version: 1000, kind: "html_body", attempt: "every" },
		],
	});
	const cases: [string, string[], Record<string, string>, number, string, RegExp][] = [
		["401 login required", ["model:400"], { CIVITAI_API_KEY: "" }, 1, "auth", /requires you to be logged in/],
		["401 downloads disabled", ["model:500"], {}, 1, "auth", /disabled downloads/],
		["403 early access with deadline", ["model:600"], {}, 1, "early_access", /Early Access until 2099-01-01/],
		["404", ["version:424242"], {}, 1, "not_found", /Model not found/],
		["410 archived", ["version:7000"], {}, 1, "archived", /archived/],
		["HTML login page with 200", ["model:300"], {}, 1, "auth", /login page/],
		["wrong bytes", ["model:201"], {}, 1, "hash_mismatch", /SHA-256 mismatch/],
		["HTML body from storage", ["model:100"], {}, 1, "bad_body", /text\/html instead of the file: "Just a moment\.\.\." \(HTML\)/],
	];
	for (const [name, args, env, code, kind, message] of cases) {
		it(name, async () => {
			const { dir, run } = await setup(server);
			const r = await run(["get", ...args, "--failed-out", "failed.csv"], env);
			assert.equal(r.code, code, r.stderr);
			assert.match(r.stderr, message);
			if (kind === "not_found") {
				// a target that names nothing on Civitai is a mistake to fix, not a list to run again (issue 27, point 14)
				assert.equal(existsSync(join(dir, "failed.csv")), false);
				return;
			}
			const failed = (await readCsv(join(dir, "failed.csv"))).rows;
			assert.equal(failed.length, 1);
			assert.equal(failed[0]!.cells.error_kind, kind);
			assert.match(failed[0]!.cells.error!, message);
			const files = await listFiles(dir).catch(() => []);
			assert.deepEqual(
				files.filter((f) => !/\.(csv|json|runs\.jsonl)$/.test(f)),
				[],
				"no file under a final name, and a bad partial is not kept",
			);
		});
	}

	it("451 region block", async () => {
		const blocked = await fakeCivitai({ regionBlocked: true });
		const { dir, run } = await setup(blocked);
		const r = await run(["get", "version:2000", "--failed-out", "f.csv"]);
		assert.equal(r.code, 1);
		assert.equal((await readCsv(join(dir, "f.csv"))).rows[0]!.cells.error_kind, "region");
	});

	it("the daily quota 429 is not retried and exits 3", async () => {
		const quota = await fakeCivitai({ downloadQuota: 0 });
		const { dir, run } = await setup(quota);
		const r = await run(["get", "model:200", "model:300", "--failed-out", "f.csv"]);
		assert.equal(r.code, 3, r.stderr);
		assert.match(r.stderr, /unusual amount of downloading/);
		assert.equal(quota.downloadsStarted(2000), 1, "not retried");
		assert.equal(quota.downloadsStarted(3000), 0, "the rest is parked, not tried");
		const rows = (await readCsv(join(dir, "f.csv"))).rows;
		assert.deepEqual(
			rows.map((x) => x.cells.error_kind),
			["quota", "quota"],
		);
	});
});

describe("get: rate limits, throttling and resume", async () => {
	it("retries a 429 with Retry-After and a 503, then succeeds, waiting the longer of the two", async () => {
		const server = await fakeCivitai({
			faults: [
				{ version: 2000, attempt: 1, kind: "rate_limit", retryAfter: 1 },
				{ version: 2000, attempt: 2, kind: "unavailable" },
			],
		});
		const { dir, run } = await setup(server);
		const r = await run(["get", "model:200"]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(await fileSha256(join(dir, "models/lora/lora1.safetensors")), await apiSha(server, 2000));
		const dl = server.requests.filter((q) => q.path === "/api/download/models/2000");
		assert.deepEqual(
			dl.map((q) => q.status),
			[429, 503, 307],
		);
		assert.ok(dl[1]!.time - dl[0]!.time >= 950, "Retry-After: 1 beat the 0.2 s ladder step");
		assert.match(r.stdout, /after 2 retries/);
	});

	it("detects a throttled body within the window, retries, and resumes with Range to the right SHA-256", async () => {
		const server = await fakeCivitai({ faults: [{ version: 1000, attempt: 1, kind: "throttle", bytesPerSecond: 3 * 1024 }] });
		const { dir, run } = await setup(server, {
			rate_limit_settings: {
				sleep_between_downloads: 0,
				retry_delays: [0.2],
				speed_threshold_kbps: 10,
				slow_duration_threshold_seconds: 1,
			},
		});
		const t0 = Date.now();
		const r = await run(["get", "model:100"]);
		assert.equal(r.code, 0, r.stderr);
		assert.ok(Date.now() - t0 < 10_000);
		assert.match(r.stderr, /below 10 KiB\/s for 1 s/);
		const storage = server.requests.filter((q) => q.origin === "storage");
		assert.equal(storage.length, 2);
		assert.match(storage[1]!.range ?? "", /^bytes=[1-9]\d*-$/, "the retry resumes the partial");
		assert.equal(await fileSha256(join(dir, "models/checkpoint/checkpoint1.safetensors")), await apiSha(server, 1000));
	});

	it("catches a total stall on its timer", async () => {
		const server = await fakeCivitai({ faults: [{ version: 2010, attempt: 1, kind: "stall", afterBytes: 50 * 1024 }] });
		const { dir, run } = await setup(server, {
			rate_limit_settings: {
				sleep_between_downloads: 0,
				retry_delays: [0.1],
				speed_threshold_kbps: 10,
				slow_duration_threshold_seconds: 1,
			},
		});
		const r = await run(["get", "model:201"]);
		assert.equal(r.code, 0, r.stderr);
		const storage = server.requests.filter((q) => q.origin === "storage");
		assert.equal(storage[1]!.range, `bytes=${50 * 1024}-`);
		assert.equal(await fileSha256(join(dir, "models/lora/lora2.safetensors")), await apiSha(server, 2010));
	});

	it("resumes after a dropped connection, reusing the signed URL", async () => {
		const server = await fakeCivitai({ faults: [{ version: 1000, attempt: 1, kind: "drop", afterBytes: 100_000 }] });
		const { dir, run } = await setup(server);
		const r = await run(["get", "model:100"]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(server.downloadsStarted(1000), 1, "the signed URL was reused, not resolved again");
		const resumedAt = Number(/^bytes=(\d+)-$/.exec(server.requests.filter((q) => q.origin === "storage")[1]!.range ?? "")?.[1]);
		assert.ok(resumedAt > 0 && resumedAt <= 100_000, `resumed at ${resumedAt}`);
		assert.equal(await fileSha256(join(dir, "models/checkpoint/checkpoint1.safetensors")), await apiSha(server, 1000));
	});

	it("recovers from an expired signed URL by resolving a fresh one", async () => {
		const server = await fakeCivitai({ faults: [{ version: 2000, attempt: 1, kind: "expired_url" }] });
		const { dir, run } = await setup(server);
		const r = await run(["get", "model:200"]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stderr, /Request has expired/);
		assert.equal(server.downloadsStarted(2000), 2);
		assert.equal(await fileSha256(join(dir, "models/lora/lora1.safetensors")), await apiSha(server, 2000));
	});

	it("gives up after the ladder and keeps the partial for a later run", async () => {
		const server = await fakeCivitai({ faults: [{ version: 2000, attempt: "every", kind: "rate_limit" }] });
		const { dir, run } = await setup(server);
		const r = await run(["get", "model:200", "--failed-out", "f.csv"]);
		assert.equal(r.code, 1);
		assert.equal(server.downloadsStarted(2000), 4, "1 try + 3 retries");
		assert.equal((await readCsv(join(dir, "f.csv"))).rows[0]!.cells.error_kind, "rate_limited");
	});

	it("a process killed with SIGKILL mid-download resumes from its partial file and ends verified", async () => {
		const server = await fakeCivitai({ faults: [{ version: 1000, attempt: 1, kind: "throttle", bytesPerSecond: 100 * 1024 }] });
		const { dir, env } = await setup(server);
		await mkdir(dir, { recursive: true });
		const child = spawn(process.execPath, [BIN, "get", "model:100"], {
			cwd: dir,
			env: { PATH: process.env.PATH ?? "", ...env },
			stdio: "ignore",
		});
		const part = join(dir, "models/checkpoint/checkpoint1.safetensors.part");
		for (let i = 0; i < 100; i++) {
			await sleep(100);
			const size = await stat(part).then(
				(s) => s.size,
				() => 0,
			);
			if (size >= 150 * 1024) break;
		}
		child.kill("SIGKILL");
		await new Promise((r) => child.on("close", r));
		const kept = (await stat(part)).size;
		assert.ok(kept > 0 && kept < 512 * 1024, `partial of ${kept} bytes`);
		const r = await runCli(["get", "model:100"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stderr);
		const last = server.requests.filter((q) => q.origin === "storage").at(-1)!;
		assert.match(last.range ?? "", /^bytes=\d+-$/);
		assert.ok(Number(/\d+/.exec(last.range!)![0]) >= kept - 64 * 1024);
		assert.equal(await fileSha256(join(dir, "models/checkpoint/checkpoint1.safetensors")), await apiSha(server, 1000));
		assert.equal((await readCsv(join(dir, "download_history.csv"))).rows.length, 1);
	});
});
