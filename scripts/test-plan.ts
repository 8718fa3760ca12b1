/**
 * How `npm test` runs the test files (scripts/run-tests.sh): the decisions, without any I/O.
 *
 * Starting a process with tsx costs about 0.3 s before the first test runs, and most test files take less
 * than that. So the files that run in-process are grouped into a few processes (shards), each file a suite
 * named by its path; a file that runs the built CLI (the e2e files and a few others), or says it needs its
 * own process, gets one. The jobs go to node's runner longest first, so that its workers end together.
 */

/** A test file as the runner finds it. */
export interface TestFile {
	/** Relative to the repository, with `/`. */
	path: string;
	source: string;
}

/** One process of the test run: a shard of in-process files, or one file alone. */
export interface Job {
	/** A name for the job's entry file: `shard-2`, or the file's path made into one word. */
	name: string;
	files: string[];
	/** Expected seconds: measured (test/durations.json) or estimated. */
	seconds: number;
}

/** Write this line (with a reason after it) in a test file that changes what the process shares (process.env, a global, the clock). */
export const OWN_PROCESS_MARK = "// test-runner: own process";

/** A file that runs the built CLI or asks for its own process runs alone; everything else runs in a shard. */
export function runsAlone(file: TestFile): boolean {
	if (file.path.startsWith("test/e2e/")) return true;
	if (file.source.includes(OWN_PROCESS_MARK)) return true;
	// the helpers that run dist/civitai-dl.mjs: these files wait on child processes, and take long
	return /\b(runCli|runInTerminal|BIN)\b/.test(file.source);
}

/** Seconds a file not in the durations yet is expected to take: a little per line, more when it runs the CLI. */
export function estimateSeconds(file: TestFile, alone: boolean): number {
	const lines = file.source.split("\n").length;
	return alone ? 1 + lines / 40 : 0.1 + lines / 400;
}

/**
 * The jobs, longest first: files that run alone one job each, the rest spread over `shards` shards so that
 * each gets about as many seconds (greedy, longest file first). Deterministic for the same files and durations.
 */
export function planJobs(files: readonly TestFile[], durations: Readonly<Record<string, number>>, shards: number): Job[] {
	const seconds = (f: TestFile, alone: boolean) => durations[f.path] ?? estimateSeconds(f, alone);
	const byPath = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	const jobs: Job[] = [];
	const grouped: { file: TestFile; seconds: number }[] = [];
	for (const f of byPath) {
		if (runsAlone(f)) jobs.push({ name: jobName(f.path), files: [f.path], seconds: seconds(f, true) });
		else grouped.push({ file: f, seconds: seconds(f, false) });
	}
	const count = Math.max(1, Math.min(shards, grouped.length));
	const bins: Job[] = Array.from({ length: count }, (_, i) => ({ name: `shard-${i + 1}`, files: [], seconds: 0 }));
	for (const g of [...grouped].sort((a, b) => b.seconds - a.seconds)) {
		const lightest = bins.reduce((min, b) => (b.seconds < min.seconds ? b : min));
		lightest.files.push(g.file.path);
		lightest.seconds += g.seconds;
	}
	for (const b of bins) {
		if (b.files.length === 0) continue;
		b.files.sort();
		jobs.push(b);
	}
	// longest first; equal ones by name, so that the order is the same on every machine
	return jobs.sort((a, b) => b.seconds - a.seconds || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `test/e2e/get.test.ts` → `e2e-get`. */
export function jobName(path: string): string {
	return path
		.replace(/^test\//, "")
		.replace(/\.test\.ts$/, "")
		.replace(/[^A-Za-z0-9]+/g, "-");
}

/**
 * The entry file of a job, in `.test-groups/` at the repository's root: each file imported inside a suite
 * named by its path, so that its hooks stay its own and a failure says which file it is in; then one test
 * that fails if a listener piled up (MaxListenersExceededWarning) anywhere in the process, naming the file.
 */
export function entrySource(job: Job): string {
	const lines = [
		"// Made by scripts/run-tests.ts for one run of `npm test`; the test files are the real ones.",
		'import { before, describe, it } from "node:test";',
		"const warned = [];",
		'let current = "";',
		'process.on("warning", (w) => w.name === "MaxListenersExceededWarning" && warned.push(current + ": " + w.message));',
		...job.files.map((f) => {
			const name = JSON.stringify(f);
			return `describe(${name}, async () => {\n\tbefore(() => (current = ${name}));\n\tawait import(${JSON.stringify(`../${f}`)});\n});`;
		}),
		'it("no listener piled up on an emitter in this process (no listener-leak warning)", async () => {',
		"\tawait new Promise((resolve) => setImmediate(resolve)); // a warning is emitted on the next tick",
		'\tif (warned.length > 0) throw new Error(warned.join("\\n"));',
		"});",
	];
	return `${lines.join("\n")}\n`;
}

/** The entry file's name: its rank first, since node's runner starts the files it is given in the order of their names. */
export function entryName(job: Job, rank: number, of: number): string {
	return `${String(rank + 1).padStart(String(of).length, "0")}-${job.name}.test.mjs`;
}

/**
 * Seconds per test file from a TAP run of the entries: every file is a top-level suite named by its path,
 * with its `duration_ms` in the YAML block under it.
 */
export function durationsFromTap(tap: string): Record<string, number> {
	const out: Record<string, number> = {};
	let current: string | undefined;
	for (const line of tap.split("\n")) {
		const head = /^(?:not )?ok \d+ - (\S+\.test\.ts)$/.exec(line);
		if (head) {
			current = head[1];
			continue;
		}
		const ms = /^ {2}duration_ms: ([\d.]+)$/.exec(line);
		if (ms && current !== undefined) {
			out[current] = Math.round(Number(ms[1]) / 100) / 10;
			current = undefined;
		} else if (!line.startsWith(" ")) current = undefined;
	}
	return out;
}
