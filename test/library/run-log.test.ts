import assert from "node:assert/strict";
import { readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { downloadRunLine, RUN_LOG_MAX } from "../../src/core/run-log.js";
import { emptySummary } from "../../src/core/summary.js";
import { en } from "../../src/i18n/en.js";
import { appendRunLog, readRunLog, runLogPathFor } from "../../src/library/run-log.js";
import { systemClock } from "../../src/platform/clock.js";
import { tempDir } from "../helpers.js";

const line = (n: number) =>
	downloadRunLine("get", { ...emptySummary(n), succeeded: n }, { startedAtMs: Date.UTC(2026, 0, 1), exitCode: 0 });
const w = { clock: systemClock, timeoutMs: 10_000 };

describe("the run log file next to the history", () => {
	it("adds a line per run, keeps the last 500, and leaves no temporary file or lock behind", async () => {
		const dir = await tempDir();
		const history = join(dir, "history.csv");
		const old = Array.from({ length: RUN_LOG_MAX }, (_, i) => JSON.stringify(line(i + 1))).join("\n");
		await writeFile(runLogPathFor(history), `${old}\n`);
		assert.equal(await appendRunLog(history, line(501), w, en), undefined);
		const lines = await readRunLog(history);
		assert.equal(lines.length, 500);
		assert.deepEqual([lines[0]!.downloaded, lines.at(-1)!.downloaded], [2, 501]);
		assert.deepEqual(await readdir(dir), ["history.csv.runs.jsonl"]);
	});

	it("runs ending at once each keep their line (the history lock)", async () => {
		const dir = await tempDir();
		const history = join(dir, "history.csv");
		await Promise.all([1, 2, 3, 4].map((n) => appendRunLog(history, line(n), { ...w, timeoutMs: 20_000 }, en)));
		assert.deepEqual((await readRunLog(history)).map((l) => l.downloaded).sort(), [1, 2, 3, 4]);
	});

	it("a torn last line (a crash of another writer) is dropped, the rest kept", async () => {
		const dir = await tempDir();
		const history = join(dir, "history.csv");
		await writeFile(runLogPathFor(history), `${JSON.stringify(line(1))}\n{"v":1,"comm`);
		await appendRunLog(history, line(2), w, en);
		const text = await readFile(runLogPathFor(history), "utf8");
		assert.deepEqual(
			text
				.trim()
				.split("\n")
				.map((l) => JSON.parse(l).downloaded),
			[1, 2],
		);
	});

	it("a link at the log's name is refused with a warning, never followed; the run goes on", async () => {
		const dir = await tempDir();
		const history = join(dir, "history.csv");
		const target = join(dir, "elsewhere.txt");
		await writeFile(target, "mine\n");
		await symlink(target, runLogPathFor(history));
		const warning = await appendRunLog(history, line(1), w, en);
		assert.match(warning ?? "", /^The run log .*history\.csv\.runs\.jsonl was not written: /);
		assert.equal(await readFile(target, "utf8"), "mine\n");
	});
});
