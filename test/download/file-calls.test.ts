import assert from "node:assert/strict";
import fsp, { mkdir, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { dirname, join } from "node:path";
import { afterEach, before, describe, it, mock } from "node:test";
import { RunFolders } from "../../src/download/folders.js";
import { download } from "../../src/engine.js";
import { emptyRow, type HistoryRow } from "../../src/history/columns.js";
import { appendHistory, readCsv } from "../../src/history/csv-file.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY, tempDir } from "../helpers.js";

/**
 * The file-system calls a run makes, counted: the exported functions of node:fs/promises are
 * wrapped and the ES module bindings synced, so src/'s own imports see the wrappers.
 */
function spyFs(): { calls: { fn: string; path: string; flags: unknown }[] } {
	const calls: { fn: string; path: string; flags: unknown }[] = [];
	for (const fn of ["mkdir", "stat", "statfs", "open", "readdir"] as const) {
		const real = fsp[fn] as (...a: unknown[]) => unknown;
		mock.method(fsp, fn, (...a: unknown[]) => {
			calls.push({ fn, path: String(a[0]), flags: a[1] });
			return real(...a);
		});
	}
	syncBuiltinESMExports();
	return { calls };
}

afterEach(() => {
	mock.restoreAll();
	syncBuiltinESMExports();
});

const SMALL = [2000, 2010, 3000, 4000, 8000, 8010, 8020, 8030, 8040, 9000].map((v) => `version:${v}`);

function countBy(xs: string[]): Map<string, number> {
	const m = new Map<string, number>();
	for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
	return m;
}

describe("file-system calls per file (ten small files, three lanes)", () => {
	let calls: { fn: string; path: string; flags: unknown }[] = [];
	let settings: Awaited<ReturnType<typeof inProcess>>["settings"];
	before(async () => {
		const server = await fakeCivitai();
		const run = await inProcess(server.baseUrl, { settings: { apiKey: KEY, sleepMs: 0, smallFiles: 3 } });
		settings = run.settings;
		calls = spyFs().calls;
		const summary = await download(SMALL, run.engine);
		mock.restoreAll();
		syncBuiltinESMExports();
		assert.equal(summary.succeeded, SMALL.length, JSON.stringify(summary.failures));
	});

	it("each download folder is made once, the history's by the first append only", () => {
		const mkdirs = countBy(calls.filter((c) => c.fn === "mkdir").map((c) => c.path));
		const folders = [...mkdirs.keys()].filter((d) => Object.values(settings.downloadPaths).includes(d));
		assert.ok(folders.length >= 2, `folders made: ${[...mkdirs.keys()].join(", ")}`);
		for (const d of folders) assert.equal(mkdirs.get(d), 1, `${d} made ${mkdirs.get(d)} times`);
		assert.ok(
			(mkdirs.get(dirname(settings.historyFile)) ?? 0) <= 1,
			`history folder made ${mkdirs.get(dirname(settings.historyFile))} times`,
		);
	});

	it("each final path is looked at once; one free-space question per file", () => {
		const finals = countBy(calls.filter((c) => c.fn === "stat" && /\.(safetensors|pt)$/.test(c.path)).map((c) => c.path));
		assert.equal(finals.size, SMALL.length, [...finals.keys()].join(", "));
		for (const [p, n] of finals) assert.equal(n, 1, `${p} looked at ${n} times`);
		assert.equal(calls.filter((c) => c.fn === "statfs").length, SMALL.length);
	});

	it("no partial's size is asked when the whole file fits", () => {
		const parts = calls.filter((c) => c.fn === "stat" && c.path.endsWith(".part")).map((c) => c.path);
		assert.deepEqual(parts, []);
	});

	it("no append reads the history's header or last byte again (the file is as the last append left it)", () => {
		const reads = calls.filter((c) => c.fn === "open" && c.path === settings.historyFile && c.flags !== "a");
		assert.deepEqual(reads, []);
		const appends = calls.filter((c) => c.fn === "open" && c.path === settings.historyFile && c.flags === "a");
		assert.ok(appends.length >= 1 && appends.length <= SMALL.length, `${appends.length} appends`);
	});
});

/** A run against the local Civitai with locking on (the history lock and per-file claims), three lanes. */
async function lockedRun() {
	const server = await fakeCivitai();
	return inProcess(server.baseUrl, { settings: { apiKey: KEY, sleepMs: 0, smallFiles: 3 }, engine: { lock: { timeoutMs: 60_000 } } });
}

describe("with locking on (per-file claims): ten small files, three lanes", () => {
	it("each download folder is read once in the run (the claims' sweep), not once per file", async () => {
		const run = await lockedRun();
		const { calls } = spyFs();
		const summary = await download(SMALL, run.engine);
		mock.restoreAll();
		syncBuiltinESMExports();
		assert.equal(summary.succeeded, SMALL.length, JSON.stringify(summary.failures));
		const reads = countBy(calls.filter((c) => c.fn === "readdir").map((c) => c.path));
		const folders = [...reads.keys()].filter((d) => Object.values(run.settings.downloadPaths).includes(d));
		assert.ok(folders.length >= 2, `download folders swept: ${[...reads.keys()].join(", ")}`);
		for (const d of folders) assert.equal(reads.get(d), 1, `${d} read ${reads.get(d)} times`);
	});
});

describe("what take-overs of dead claims set aside in a download folder", () => {
	it("is swept by the next run's first download there once older than 30 s; a younger one is kept", async () => {
		const run = await lockedRun();
		const lora = run.settings.downloadPaths.lora;
		await mkdir(lora, { recursive: true });
		const aside = async (name: string, ageMs: number) => {
			await mkdir(join(lora, name));
			await writeFile(join(lora, name, "owner.json"), "{}");
			const at = new Date(run.clock.now() - ageMs);
			await utimes(join(lora, name), at, at);
		};
		await aside("old.safetensors.part.lock.stale-0123456789abcdef", 60_000);
		await aside("young.safetensors.part.lock.stale-0123456789abcdef", 1_000);
		const summary = await download(["version:2000"], run.engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		const names = (await readdir(lora)).filter((n) => n.includes(".lock"));
		assert.deepEqual(names, ["young.safetensors.part.lock.stale-0123456789abcdef"]);
	});
});

describe("RunFolders", () => {
	it("makes a folder once, and again when it was removed during the run", async () => {
		const server = await fakeCivitai();
		const { dir } = await inProcess(server.baseUrl);
		const folder = join(dir, "a", "b");
		const folders = new RunFolders({ downloadPaths: {} as never });
		const { calls } = spyFs();
		assert.ok((await folders.ready(folder)) !== undefined, "free space known on Linux");
		await folders.ready(folder);
		await folders.ready(folder);
		assert.equal(calls.filter((c) => c.fn === "mkdir").length, 1);
		await rm(join(dir, "a"), { recursive: true });
		await folders.ready(folder);
		assert.deepEqual(await readdir(folder), [], "the removed folder is there again");
		assert.equal(calls.filter((c) => c.fn === "mkdir").length, 2);
	});

	it("a file where the folder should be is a disk failure that says so", async () => {
		const server = await fakeCivitai();
		const { dir } = await inProcess(server.baseUrl);
		await mkdir(join(dir, "x"));
		await writeFile(join(dir, "x", "file"), "");
		await assert.rejects(
			new RunFolders({ downloadPaths: {} as never }).ready(join(dir, "x", "file", "sub")),
			(e: Error & { kind?: string }) => {
				assert.equal(e.kind, "disk");
				return true;
			},
		);
	});
});

describe("history appends after another writer", () => {
	const row = (filename: string): HistoryRow => ({
		...emptyRow(),
		timestamp: "2026-01-01 00:00:00",
		model_type: "lora",
		url: "u",
		filename,
	});

	it("a history rewritten in place after this process's append (same file, another header) is checked again: migrated with a backup", async () => {
		const path = join(await tempDir(), "h.csv");
		await appendHistory(path, row("one"));
		await writeFile(path, "timestamp,model_type,url,filename\n2024-10-24 10:00:00,lora,https://civitai.com/1,seed.safetensors\n");
		await appendHistory(path, row("two"));
		const read = await readCsv(path);
		assert.deepEqual(read.warnings, []);
		assert.deepEqual(
			read.rows.map((r) => r.cells.filename),
			["seed.safetensors", "two"],
		);
		assert.match(await readFile(`${path}.bak`, "utf8"), /seed\.safetensors/);
	});
});

describe("a finished file's bytes reach the disk before its name does", () => {
	it("each .part is fdatasync'd, then renamed to its final name, then recorded", async () => {
		const server = await fakeCivitai();
		const run = await inProcess(server.baseUrl, { settings: { apiKey: KEY, sleepMs: 0, smallFiles: 2 } });
		const log: string[] = [];
		const realOpen = fsp.open;
		mock.method(fsp, "open", async (...a: Parameters<typeof fsp.open>) => {
			const fh = await realOpen(...a);
			const path = String(a[0]);
			const sync = fh.datasync.bind(fh);
			fh.datasync = async () => {
				log.push(`sync ${path}`);
				return sync();
			};
			return fh;
		});
		const realRename = fsp.rename;
		mock.method(fsp, "rename", async (from: string, to: string) => {
			log.push(`rename ${from} -> ${to}`);
			return realRename(from, to);
		});
		syncBuiltinESMExports();
		const summary = await download(["version:2000", "version:3000"], run.engine);
		assert.equal(summary.succeeded, 2, JSON.stringify(summary.failures));
		const renames = log.filter((l) => l.startsWith("rename ") && l.includes(".part -> "));
		assert.equal(renames.length, 2, log.join("\n"));
		for (const r of renames) {
			const part = r.slice("rename ".length, r.indexOf(" -> "));
			const synced = log.indexOf(`sync ${part}`);
			assert.ok(synced >= 0 && synced < log.indexOf(r), `${part} synced before its rename:\n${log.join("\n")}`);
		}
	});
});
