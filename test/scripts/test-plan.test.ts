import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
	durationsFromTap,
	entryName,
	entrySource,
	type Job,
	jobName,
	OWN_PROCESS_MARK,
	planJobs,
	runsAlone,
	type TestFile,
} from "../../scripts/test-plan.js";
import { tempDir } from "../helpers/temp.js";

const file = (path: string, source = "it('x', () => {});\n"): TestFile => ({ path, source });

describe("runsAlone: which test files get a process of their own", () => {
	const table: [string, TestFile, boolean][] = [
		["an e2e file", file("test/e2e/get.test.ts"), true],
		["a file that runs the built CLI", file("test/updates/notify.test.ts", 'import { runCli } from "../helpers.js";'), true],
		["one in a terminal", file("test/updates/update.test.ts", "await runInTerminal(['update'], opts);"), true],
		["one that spawns the bundle itself", file("test/x/kill.test.ts", "spawn(process.execPath, [BIN, 'get']);"), true],
		["one that asks for it", file("test/x/env.test.ts", `${OWN_PROCESS_MARK}: sets process.env.TZ\n`), true],
		["an in-process file", file("test/core/plan.test.ts", "import { plan } from '../../src/core/plan.js';"), false],
		["a word that only contains BIN", file("test/core/x.test.ts", "const BINARY = 1;"), false],
	];
	for (const [name, f, alone] of table) it(name, () => assert.equal(runsAlone(f), alone));
});

describe("planJobs", () => {
	const files = [
		file("test/e2e/faults.test.ts"),
		file("test/e2e/disk.test.ts"),
		file("test/core/a.test.ts"),
		file("test/core/b.test.ts"),
		file("test/core/c.test.ts"),
		file("test/download/d.test.ts"),
		file("test/download/new.test.ts", "x\n".repeat(400)),
	];
	const durations = {
		"test/e2e/faults.test.ts": 20,
		"test/e2e/disk.test.ts": 0.5,
		"test/core/a.test.ts": 3,
		"test/core/b.test.ts": 2,
		"test/core/c.test.ts": 1,
		"test/download/d.test.ts": 2.5,
	};
	const jobs = planJobs(files, durations, 2);

	it("runs every file exactly once", () => {
		assert.deepEqual(jobs.flatMap((j) => j.files).sort(), files.map((f) => f.path).sort());
	});

	it("gives the e2e files a job each and spreads the rest over the shards, about evenly", () => {
		const shards = jobs.filter((j) => j.name.startsWith("shard-"));
		assert.deepEqual(
			jobs.filter((j) => !j.name.startsWith("shard-")).map((j) => j.files),
			[["test/e2e/faults.test.ts"], ["test/e2e/disk.test.ts"]],
		);
		assert.equal(shards.length, 2);
		// 3, 2.5, 2, 1 and the new file's estimate (1.1 s for 401 lines): 5 and 4.6
		const seconds = shards.map((s) => s.seconds).sort();
		assert.ok(Math.abs(seconds[0]! - seconds[1]!) <= 1, `shards of ${seconds} s`);
	});

	it("orders the jobs longest first, and the same way every time", () => {
		const seconds = jobs.map((j) => j.seconds);
		assert.deepEqual(
			seconds,
			[...seconds].sort((a, b) => b - a),
		);
		assert.deepEqual(planJobs([...files].reverse(), durations, 2), jobs);
	});

	it("estimates a file it has no duration for from its length, longer when it runs the CLI", () => {
		const [alone] = planJobs([file("test/e2e/new.test.ts", "x\n".repeat(200))], {}, 4);
		const [shard] = planJobs([file("test/core/new.test.ts", "x\n".repeat(200))], {}, 4);
		assert.ok(alone!.seconds > shard!.seconds);
		assert.equal(shard!.name, "shard-1");
	});

	it("makes no more shards than there are files to put in them", () => {
		assert.deepEqual(
			planJobs([file("test/core/a.test.ts")], {}, 4).map((j) => j.name),
			["shard-1"],
		);
	});
});

describe("entry files", () => {
	it("are named so that sorting by name keeps the rank (node's runner starts files in name order)", () => {
		const names = Array.from({ length: 12 }, (_, i) => entryName({ name: `job-${12 - i}`, files: [], seconds: 0 }, i, 12));
		assert.deepEqual([...names].sort(), names);
		assert.equal(names[0], "01-job-12.test.mjs");
	});

	it("names a job after its file", () => {
		assert.equal(jobName("test/e2e/get.test.ts"), "e2e-get");
		assert.equal(jobName("fake-civitai/x/y.test.ts"), "fake-civitai-x-y");
	});

	it("run each file as a suite named by its path, its hooks its own, and fail on a listener pile-up, naming the file", async () => {
		const dir = await tempDir();
		await mkdir(join(dir, "t"));
		await mkdir(join(dir, "entries"));
		await writeFile(
			join(dir, "t/a.test.mjs"),
			'import { beforeEach, it } from "node:test";\nbeforeEach(() => { globalThis.hooked = (globalThis.hooked ?? 0) + 1; });\nit("a", () => {});\n',
		);
		await writeFile(
			join(dir, "t/b.test.mjs"),
			'import assert from "node:assert";\nimport { it } from "node:test";\nit("b: a\'s hook ran for a only", () => assert.equal(globalThis.hooked, 1));\n',
		);
		await writeFile(
			join(dir, "t/c.test.mjs"),
			'import { EventEmitter } from "node:events";\nimport { it } from "node:test";\nit("c", () => { const e = new EventEmitter(); for (let i = 0; i < 11; i++) e.on("close", () => {}); });\n',
		);
		const job: Job = { name: "shard-1", files: ["t/a.test.mjs", "t/b.test.mjs", "t/c.test.mjs"], seconds: 0 };
		const entry = join(dir, "entries", entryName(job, 0, 1));
		await writeFile(entry, entrySource(job));
		// without the variable that tells node it runs under another runner (this one), which changes its output
		const { NODE_TEST_CONTEXT: _, ...env } = process.env;
		const r = spawnSync(process.execPath, ["--test", "--test-reporter=tap", entry], { encoding: "utf8", env });
		assert.match(r.stdout, /^# Subtest: t\/a\.test\.mjs$/m);
		assert.match(r.stdout, /^ {4}ok 1 - b: a's hook ran for a only$/m);
		assert.match(r.stdout, /^not ok \d+ - no listener piled up on an emitter in this process/m);
		assert.match(r.stdout, /error: 't\/c\.test\.mjs: Possible EventEmitter memory leak detected\. 11 close listeners/);
		assert.match(r.stdout, /^# pass 3$/m);
		assert.match(r.stdout, /^# fail 1$/m);
		assert.deepEqual(durationsFromTap(r.stdout), {}, "only *.test.ts files are recorded");
	});
});

describe("durationsFromTap", () => {
	it("reads each file's seconds from its top-level suite, to a tenth", () => {
		const tap = [
			"TAP version 13",
			"# Subtest: test/core/a.test.ts",
			"    # Subtest: inner",
			"    ok 1 - inner",
			"      ---",
			"      duration_ms: 5.0",
			"      ...",
			"ok 1 - test/core/a.test.ts",
			"  ---",
			"  duration_ms: 1234.5",
			"  type: 'suite'",
			"  ...",
			"not ok 2 - test/e2e/b.test.ts",
			"  ---",
			"  duration_ms: 20049.9",
			"  ...",
			"ok 3 - no listener piled up on an emitter in this process (no listener-leak warning)",
			"  ---",
			"  duration_ms: 0.1",
			"  ...",
		].join("\n");
		assert.deepEqual(durationsFromTap(tap), { "test/core/a.test.ts": 1.2, "test/e2e/b.test.ts": 20 });
	});
});
