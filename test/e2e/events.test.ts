import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

const kind = z.enum([
	"auth",
	"early_access",
	"not_found",
	"archived",
	"region",
	"quota",
	"rate_limited",
	"slow",
	"hash_mismatch",
	"bad_body",
	"network",
	"disk",
	"outage",
	"other",
]);
const time = z.iso.datetime();
const summary = z.strictObject({
	total: z.int(),
	succeeded: z.int(),
	skipped: z.int(),
	failed: z.int(),
	parked: z.int(),
	retries: z.int(),
	successfulRetries: z.int(),
	rateLimited: z.int(),
	successRate: z.number().nullable(),
	bytes: z.int(),
	elapsedMs: z.number(),
	stoppedBy: z.enum(["quota", "interrupt", "disk", "outage"]).nullable(),
	failedListPath: z.string().nullable(),
	rerun: z.array(z.string()).nullable(),
	failures: z.array(z.strictObject({ name: z.string(), kind, message: z.string() })),
});

/** The event shapes docs/commands.md documents ("NDJSON events"), exactly (strict: no undocumented field). */
const EVENT = z.discriminatedUnion("type", [
	z.strictObject({
		type: z.literal("run_start"),
		time,
		total: z.int(),
		items: z.array(z.strictObject({ index: z.int(), name: z.string(), category: z.string(), sizeBytes: z.int().nullable() })),
	}),
	z.strictObject({
		type: z.literal("item_start"),
		time,
		index: z.int(),
		total: z.int(),
		name: z.string(),
		category: z.string(),
		url: z.string(),
		path: z.string(),
		sizeBytes: z.int().nullable(),
		resumeFrom: z.int(),
	}),
	z.strictObject({
		type: z.literal("progress"),
		time,
		index: z.int(),
		name: z.string(),
		bytes: z.int(),
		totalBytes: z.int().nullable(),
		bytesPerSecond: z.number(),
	}),
	z.strictObject({
		type: z.literal("retry"),
		time,
		index: z.int(),
		name: z.string(),
		retry: z.int(),
		maxRetries: z.int(),
		delayMs: z.number(),
		kind,
		reason: z.string(),
	}),
	z.strictObject({
		type: z.literal("wait"),
		time,
		delayMs: z.number(),
		reason: z.literal("pacing"),
		index: z.int().optional(),
		name: z.string().optional(),
	}),
	z.strictObject({
		type: z.literal("skip"),
		time,
		index: z.int(),
		name: z.string(),
		path: z.string(),
		reason: z.enum(["exists", "duplicate"]),
		sameAs: z.int().optional(),
	}),
	z.strictObject({
		type: z.literal("version_pick"),
		time,
		index: z.int(),
		name: z.string(),
		versionId: z.int(),
		version: z.string(),
		passedOver: z.array(z.strictObject({ id: z.int(), name: z.string(), permanent: z.boolean(), until: z.string().nullable() })),
	}),
	z.strictObject({
		type: z.literal("done"),
		time,
		index: z.int(),
		name: z.string(),
		path: z.string(),
		bytes: z.int(),
		sha256: z.string().regex(/^[0-9A-F]{64}$/),
		verified: z.boolean(),
		retries: z.int(),
	}),
	z.strictObject({ type: z.literal("fail"), time, index: z.int(), name: z.string(), kind, message: z.string(), parked: z.boolean() }),
	z.strictObject({
		type: z.literal("plan"),
		time,
		index: z.int(),
		name: z.string(),
		category: z.string(),
		action: z.enum(["download", "skip"]),
		path: z.string(),
		sizeBytes: z.int().nullable(),
		sameAs: z.int().optional(),
	}),
	z.strictObject({ type: z.literal("warning"), time, message: z.string() }),
	z.strictObject({ type: z.literal("lock_wait"), time, path: z.string(), pid: z.int().nullable(), timeoutMs: z.number() }),
	z.strictObject({ type: z.literal("lock_stale"), time, path: z.string(), pid: z.int().nullable() }),
	z.strictObject({ type: z.literal("claim_wait"), time, index: z.int(), name: z.string(), pid: z.int().nullable(), timeoutMs: z.number() }),
	z.strictObject({
		type: z.literal("notify"),
		time,
		hook: z.string(),
		ok: z.boolean(),
		attempts: z.int(),
		status: z.int().nullable(),
		reason: z.string().nullable(),
	}),
	z.strictObject({ type: z.literal("stopped"), time, reason: z.enum(["quota", "interrupt", "disk", "outage"]) }),
	z.strictObject({
		type: z.literal("run_end"),
		time,
		elapsedMs: z.number(),
		failedListPath: z.string().nullable(),
		rerun: z.array(z.string()).nullable(),
	}),
	z.strictObject({ type: z.literal("summary"), time, summary }),
]);

describe("--json", () => {
	it("every event of a run with a retry, a skip and a failure parses and matches its documented shape", async () => {
		const server = await fakeCivitai({
			faults: [
				{ version: 2000, attempt: 1, kind: "rate_limit" },
				{ version: 1000, attempt: 1, kind: "throttle", bytesPerSecond: 200 * 1024 },
			],
		});
		const dir = await tempDir();
		const config = await writeConfig(dir, {
			rate_limit_settings: {
				// long enough that a download request waits for it even when a busy machine is slow between items
				sleep_between_downloads: 1,
				retry_delays: [0.2],
				speed_threshold_kbps: 1,
				slow_duration_threshold_seconds: 5,
			},
		});
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		// first lay down the embedding so that the real run skips it
		assert.equal((await runCli(["get", "version:3000"], { cwd: dir, env })).code, 0);
		const r = await runCli(["get", "version:1000", "version:2000", "version:3000", "version:6000", "--json"], { cwd: dir, env });
		assert.equal(r.code, 1, r.stderr);
		assert.equal(r.stderr, "");
		const events = r.stdout
			.trimEnd()
			.split("\n")
			.map((line, i) => {
				const parsed = EVENT.safeParse(JSON.parse(line));
				assert.ok(parsed.success, `line ${i + 1} does not match its shape: ${line}\n${parsed.error?.message}`);
				return parsed.data;
			});
		const types = new Set(events.map((e) => e.type));
		for (const t of ["run_start", "item_start", "progress", "retry", "wait", "skip", "done", "fail", "summary"])
			assert.ok(types.has(t as never), `no ${t} event`);
		assert.equal(events[0]!.type, "run_start");
		assert.equal(events.at(-1)!.type, "summary");
		// progress at most once a second per item
		const progress = events.filter((e) => e.type === "progress" && e.index === 1).map((e) => Date.parse(e.time));
		for (let i = 1; i < progress.length; i++) assert.ok(progress[i]! - progress[i - 1]! >= 990, "progress more often than once a second");
		const retry = events.find((e) => e.type === "retry")!;
		assert.deepEqual([retry.type === "retry" && retry.kind, retry.type === "retry" && retry.delayMs], ["rate_limited", 200]);
		const fail = events.find((e) => e.type === "fail")!;
		assert.equal(fail.type === "fail" && fail.kind, "early_access");
	});

	it("--dry-run: the plan in order with category, size and target, nothing downloaded", async () => {
		const server = await fakeCivitai();
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		assert.equal((await runCli(["get", "version:3000"], { cwd: dir, env })).code, 0);
		const before = server.requests.filter((q) => q.path.startsWith("/api/download/")).length;
		const r = await runCli(["get", "version:2000", "version:3000", "model:100", "--dry-run"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stderr);
		assert.equal(server.requests.filter((q) => q.path.startsWith("/api/download/")).length, before, "a download request was made");
		assert.equal(server.requests.filter((q) => q.origin === "storage").length, 1, "only the first, real download reached storage");
		const lines = r.stdout.trim().split("\n");
		assert.equal(lines.shift(), "3 items to process.");
		assert.match(lines[0]!, /^\[1\] download lora +200 KiB {2}.*models\/lora\/lora1\.safetensors$/);
		assert.match(lines[1]!, /^\[2\] skip +embedding +20\.0 KiB {2}.*models\/embedding\/embedding1\.pt {2}\(already there\)$/);
		assert.match(lines[2]!, /^\[3\] download checkpoint +512 KiB {2}.*models\/checkpoint\/checkpoint1\.safetensors$/);
		assert.equal(lines[3], "Plan: 2 to download (712 KiB), 1 already there. Nothing was downloaded (--dry-run).");
		const json = await runCli(["get", "version:2000", "--dry-run", "--json"], { cwd: dir, env });
		const plan = json.stdout
			.trim()
			.split("\n")
			.map((l) => EVENT.parse(JSON.parse(l)))
			.filter((e) => e.type === "plan");
		assert.equal(plan.length, 1);
	});
});
