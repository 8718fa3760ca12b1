import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Fault } from "../../fake-civitai/faults.js";
import type { FakeCivitai, FakeCivitaiOptions } from "../../fake-civitai/server.js";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

const MiB = 1024 * 1024;
const sha = async (p: string) =>
	createHash("sha256")
		.update(await readFile(p))
		.digest("hex")
		.toUpperCase();
const apiSha = async (s: FakeCivitai, v: number) =>
	((await (await fetch(`${s.baseUrl}/api/v1/model-versions/${v}`)).json()) as { files: { hashes: { SHA256: string } }[] }).files[0]!.hashes
		.SHA256;

interface Ev {
	type: string;
	index?: number;
	time: string;
	name?: string;
}

/** [start, end] of each item's activity, from its first item_start to its done/fail. */
function intervals(events: Ev[]): Map<number, { name: string; start: number; end: number }> {
	const out = new Map<number, { name: string; start: number; end: number }>();
	for (const e of events) {
		if (e.index === undefined) continue;
		const t = Date.parse(e.time);
		if (e.type === "item_start" && !out.has(e.index)) out.set(e.index, { name: e.name ?? "", start: t, end: Number.POSITIVE_INFINITY });
		if ((e.type === "done" || e.type === "fail") && out.has(e.index)) out.get(e.index)!.end = t;
	}
	return out;
}

async function history(dir: string, base: string, rows: [string, number][]): Promise<void> {
	await writeFile(
		join(dir, "download_history.csv"),
		`timestamp,model_type,url,filename\n${rows.map(([type, model]) => `2024-10-24 10:00:00,${type},${base}/models/${model},x`).join("\n")}\n`,
	);
}

describe("lanes", () => {
	it("checkpoints first and alone, then small files at most --concurrency at a time", async () => {
		const slow = (version: number) => ({ version, attempt: "every" as const, kind: "throttle" as const, bytesPerSecond: 400 * 1024 });
		const server = await fakeCivitai({ faults: [slow(1000), slow(2000), slow(2010), slow(3000), slow(9000), slow(8040)] });
		const dir = await tempDir();
		const config = await writeConfig(dir, { concurrency: { small_files: 2 } });
		// the seed's order, LoRAs before the checkpoint: the plan puts the checkpoint first
		await history(dir, server.baseUrl, [
			["lora", 200],
			["lora", 201],
			["checkpoint", 100],
			["lora", 900],
			["embedding", 300],
			["lora", 804],
		]);
		const r = await runCli(["redownload", "all", "--yes", "--json"], {
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY },
		});
		assert.equal(r.code, 0, r.stderr);
		const spans = intervals(
			r.stdout
				.trim()
				.split("\n")
				.map((l) => JSON.parse(l) as Ev),
		);
		assert.equal(spans.size, 6);
		const ckpt = [...spans.values()].find((s) => s.name === "checkpoint1.safetensors")!;
		const others = [...spans.values()].filter((s) => s !== ckpt);
		assert.ok(
			others.every((o) => o.start >= ckpt.end),
			"a small file ran while the checkpoint did",
		);
		// never more than 2 at once, and 2 at once at some point
		const points = others.flatMap((o) => [o.start, o.end - 1]);
		const concurrentAt = (t: number) => others.filter((o) => o.start <= t && t < o.end).length;
		const most = Math.max(...points.map(concurrentAt));
		assert.equal(most, 2, `at most ${most} ran at once`);
		assert.equal((await readCsv(join(dir, "download_history.csv"))).rows.length, 12);
	});

	it("a 429 on one lane pauses the other lanes' next requests to Civitai", async () => {
		const server = await fakeCivitai({ faults: [{ version: 2000, attempt: 1, kind: "rate_limit" }] });
		const dir = await tempDir();
		const config = await writeConfig(dir, {
			concurrency: { small_files: 2 },
			rate_limit_settings: { sleep_between_downloads: 0, retry_delays: [1.5], speed_threshold_kbps: 1, slow_duration_threshold_seconds: 5 },
		});
		await history(dir, server.baseUrl, [
			["lora", 200],
			["lora", 201],
			["embedding", 300],
			["lora", 900],
		]);
		const r = await runCli(["redownload", "all", "--yes"], {
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY },
		});
		assert.equal(r.code, 0, r.stderr);
		const limited = server.requests.find((q) => q.status === 429)!;
		const later = server.requests.filter((q) => q.origin === "api" && /\/(3000|9000)\b/.test(q.path));
		assert.ok(later.length > 0);
		for (const q of later) assert.ok(q.time >= limited.time + 1400, `${q.path} asked ${q.time - limited.time} ms after the 429`);
	});

	it("the daily quota on one lane parks what the others have not asked for yet", async () => {
		const server = await fakeCivitai({ downloadQuota: 1 });
		const dir = await tempDir();
		const config = await writeConfig(dir, { concurrency: { small_files: 3 } });
		await history(dir, server.baseUrl, [
			["lora", 200],
			["lora", 201],
			["embedding", 300],
			["lora", 900],
			["lora", 804],
		]);
		const r = await runCli(["redownload", "all", "--yes", "--failed-out", "f.csv"], {
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY },
		});
		assert.equal(r.code, 3, r.stderr);
		const rows = (await readCsv(join(dir, "f.csv"))).rows;
		assert.ok(rows.length >= 3);
		assert.ok(rows.every((x) => x.cells.error_kind === "quota"));
	});
});

describe("segmented downloads (--connections)", () => {
	async function setup(faults: Fault[] = [], extra: Partial<FakeCivitaiOptions> = {}) {
		const server = await fakeCivitai({ faults, ...extra });
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		return { server, dir, run: (args: string[]) => runCli(args, { cwd: dir, env }) };
	}
	const bigPath = (dir: string) => join(dir, "models/checkpoint/big.safetensors");
	const storage = (s: FakeCivitai) => s.requests.filter((q) => q.origin === "storage");

	it("4 Range segments against one signed URL, written in place, verified", async () => {
		const { server, dir, run } = await setup();
		const r = await run(["get", "version:12000", "--connections", "4"]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(server.downloadsStarted(12000), 1, "one signed URL for all segments");
		assert.deepEqual(
			storage(server)
				.map((q) => q.range)
				.sort(),
			[
				`bytes=0-${4 * MiB - 1}`,
				`bytes=${12 * MiB}-${16 * MiB - 1}`,
				`bytes=${4 * MiB}-${8 * MiB - 1}`,
				`bytes=${8 * MiB}-${12 * MiB - 1}`,
			],
		);
		assert.equal(await sha(bigPath(dir)), await apiSha(server, 12000));
		await assert.rejects(stat(`${bigPath(dir)}.part.segments`));
	});

	it("a connection dropped mid-segment resumes that segment only and ends verified", async () => {
		const { server, dir, run } = await setup([{ version: 12000, attempt: "every", kind: "drop", afterBytes: 9 * MiB + 12345 }]);
		const r = await run(["get", "version:12000", "--connections", "4"]);
		assert.equal(r.code, 0, r.stderr);
		const ranges = storage(server).map((q) => q.range!);
		const segmentStarts = [0, 4 * MiB, 8 * MiB, 12 * MiB];
		const firsts = ranges.filter((x) => segmentStarts.includes(Number(/^bytes=(\d+)-/.exec(x)![1])));
		assert.equal(firsts.length, 4, "each segment was asked for once from its start");
		// the rest are resumes of the cut segment, from where the cut was, not from its start
		const resumes = ranges.filter((x) => !firsts.includes(x));
		assert.ok(resumes.length >= 1);
		for (const x of resumes) {
			const [, from, to] = /^bytes=(\d+)-(\d+)$/.exec(x)!.map(Number);
			assert.ok(from! > 8 * MiB && from! <= 9 * MiB + 12345 && to === 12 * MiB - 1, `resumed with ${x}`);
		}
		assert.equal(await sha(bigPath(dir)), await apiSha(server, 12000));
	});

	it("falls back to one connection when the storage ignores Range", async () => {
		const { server, dir, run } = await setup([{ version: 12000, attempt: "every", kind: "ignore_range" }]);
		const r = await run(["get", "version:12000", "--connections", "4"]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(await sha(bigPath(dir)), await apiSha(server, 12000));
		assert.ok(
			storage(server).some((q) => q.range === undefined),
			"the last request asks for the whole file",
		);
	});

	it("a signed URL that expires mid-file is resolved again once, and finished segments are not fetched again", async () => {
		// the third segment trickles and is cut at 11.5 MiB after about 1.2 s, when the others are done; its resume (the
		// fifth request to the storage) is refused as expired, as S3 says it (an expiry by the clock was late on a busy machine)
		const cutAt = 11.5 * MiB;
		const expired = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>`;
		const { server, dir, run } = await setup([
			{ version: 12000, attempt: 5, kind: "storage_page", status: 403, contentType: "application/xml", body: expired },
			{ version: 12000, attempt: "every", kind: "drop", afterBytes: cutAt, bytesPerSecond: 3 * MiB },
		]);
		const r = await run(["get", "version:12000", "--connections", "4"]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(server.downloadsStarted(12000), 2, "exactly one fresh signed URL was resolved");
		const refused = storage(server).filter((q) => q.status === 403);
		assert.equal(refused.length, 1, "the old one was refused once");
		// after the refresh only the cut segment's rest is fetched
		const after = storage(server).filter((q) => q.time >= refused[0]!.time && q.status === 206);
		assert.deepEqual(
			after.map((q) => q.range),
			[`bytes=${cutAt}-${12 * MiB - 1}`],
		);
		assert.equal(await sha(bigPath(dir)), await apiSha(server, 12000));
	});

	it("a second run continues every segment where the first stopped", async () => {
		const throttle = { version: 12000, attempt: "every" as const, kind: "throttle" as const, bytesPerSecond: 2 * MiB };
		const { server, dir, run } = await setup([throttle]);
		// the first run gives up quickly: the speed rule with an impossible threshold
		const cfg = JSON.parse(await readFile(join(dir, "config.json"), "utf8")) as Record<string, unknown>;
		await writeFile(
			join(dir, "config.json"),
			JSON.stringify({
				...cfg,
				rate_limit_settings: {
					sleep_between_downloads: 0,
					retry_delays: [],
					speed_threshold_kbps: 1e6,
					slow_duration_threshold_seconds: 1,
				},
			}),
		);
		const first = await run(["get", "version:12000", "--connections", "4"]);
		assert.equal(first.code, 1);
		assert.match(first.stderr, /\(slow\)/);
		const state = JSON.parse(await readFile(`${bigPath(dir)}.part.segments`, "utf8")) as { segments: { start: number; done: number }[] };
		const saved = state.segments.map((s) => s.start + s.done);
		assert.ok(state.segments.some((s) => s.done > 0));
		await writeFile(join(dir, "config.json"), JSON.stringify(cfg));
		const before = storage(server).length;
		const second = await run(["get", "version:12000", "--connections", "4"]);
		assert.equal(second.code, 0, second.stderr);
		const starts = storage(server)
			.slice(before)
			.map((q) => Number(/^bytes=(\d+)-/.exec(q.range ?? "")?.[1]));
		for (const s of starts) assert.ok(saved.includes(s), `a segment restarted at ${s}, not where it stopped (${saved})`);
		assert.equal(await sha(bigPath(dir)), await apiSha(server, 12000));
	});
});
