/**
 * The I/O half of scripts/test-plan.ts, for scripts/run-tests.sh.
 *
 * `node --import tsx scripts/run-tests.ts plan [shards]` finds every test file, writes one entry file per job
 * to `.test-groups/` (made anew each run, ignored by git) and prints their paths, longest job first.
 * `node --import tsx scripts/run-tests.ts record <tap file>` writes the seconds each file took in that run
 * to test/durations.json, which the next plans read.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { durationsFromTap, entryName, entrySource, planJobs, type TestFile } from "./test-plan.js";

const ROOT = new URL("..", import.meta.url).pathname;
const ENTRIES = join(ROOT, ".test-groups");
const DURATIONS = join(ROOT, "test/durations.json");
/** Where test files live; any `*.test.ts` under them is run. */
const FOLDERS = ["test", "src", "fake-civitai"];

async function testFiles(): Promise<TestFile[]> {
	const out: TestFile[] = [];
	for (const folder of FOLDERS) {
		const entries = await readdir(join(ROOT, folder), { recursive: true, withFileTypes: true }).catch(() => []);
		for (const e of entries) {
			if (!e.isFile() || !e.name.endsWith(".test.ts")) continue;
			const full = join(e.parentPath, e.name);
			out.push({ path: relative(ROOT, full).split(sep).join("/"), source: await readFile(full, "utf8") });
		}
	}
	return out;
}

async function durations(): Promise<Record<string, number>> {
	try {
		return JSON.parse(await readFile(DURATIONS, "utf8")) as Record<string, number>;
	} catch {
		return {};
	}
}

async function plan(shards: number): Promise<void> {
	const jobs = planJobs(await testFiles(), await durations(), shards);
	await rm(ENTRIES, { recursive: true, force: true });
	await mkdir(ENTRIES, { recursive: true });
	const paths: string[] = [];
	for (const [rank, job] of jobs.entries()) {
		const path = join(ENTRIES, entryName(job, rank, jobs.length));
		await writeFile(path, entrySource(job));
		paths.push(relative(ROOT, path));
	}
	process.stdout.write(`${paths.join("\n")}\n`);
}

async function record(tapFile: string): Promise<void> {
	const measured = durationsFromTap(await readFile(tapFile, "utf8"));
	const present = new Set((await testFiles()).map((f) => f.path));
	const merged = Object.fromEntries(
		Object.entries({ ...(await durations()), ...measured })
			.filter(([path]) => present.has(path))
			.sort(([a], [b]) => (a < b ? -1 : 1)),
	);
	await writeFile(DURATIONS, `${JSON.stringify(merged, null, "\t")}\n`);
	process.stderr.write(`test/durations.json: ${Object.keys(measured).length} files measured\n`);
}

const [command, arg] = process.argv.slice(2);
if (command === "plan") await plan(Number(arg ?? 4));
else if (command === "record" && arg) await record(arg);
else {
	process.stderr.write("usage: run-tests.ts plan [shards] | record <tap file>\n");
	process.exitCode = 2;
}
