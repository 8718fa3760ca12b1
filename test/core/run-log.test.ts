import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	checkRunLine,
	downloadRunLine,
	failedLastTime,
	formatRunLogLine,
	parseRunLog,
	parseRunLogLine,
	RUN_LOG_MAX,
	type RunLogLine,
	shellLine,
	withRun,
} from "../../src/core/run-log.js";
import { emptySummary, type RunSummary } from "../../src/core/summary.js";

function summary(over: Partial<RunSummary> = {}): RunSummary {
	return { ...emptySummary(5), succeeded: 3, skipped: 1, failed: 1, bytes: 3000, elapsedMs: 61_000, rateLimited: 2, ...over };
}

const at = Date.UTC(2026, 10, 30, 3, 0, 0);

describe("the run log's lines", () => {
	it("a download run's line is its summary, with the failed list and the command that takes it again", () => {
		const s = summary({
			failedListPath: "/h/failed-1.csv",
			rerun: ["redownload", "--from", "/h/failed-1.csv"],
			failures: [{ name: "a.safetensors", kind: "auth", message: "log in" }],
		});
		const line = downloadRunLine("get", s, { startedAtMs: at, exitCode: 1 });
		assert.deepEqual(line, {
			v: 1,
			command: "get",
			startedAt: "2026-11-30T03:00:00.000Z",
			elapsedMs: 61_000,
			exitCode: 1,
			downloaded: 3,
			bytes: 3000,
			skipped: 1,
			failed: 1,
			parked: 0,
			rateLimited: 2,
			checked: null,
			found: null,
			stoppedBy: null,
			failedListPath: "/h/failed-1.csv",
			failures: [{ name: "a.safetensors", kind: "auth", message: "log in" }],
			moreFailures: 0,
			rerun: [["redownload", "--from", "/h/failed-1.csv"]],
		});
		assert.deepEqual(parseRunLogLine(formatRunLogLine(line)), line, "read back as written");
	});

	it("update's line carries its look at Civitai; a run without failures has nothing to run again", () => {
		const line = downloadRunLine("update", summary(), { startedAtMs: at, exitCode: 0, check: { checked: 40, found: 2 } });
		assert.deepEqual([line.checked, line.found, line.rerun], [40, 2, []]);
	});

	it("keeps at most 100 failures a line, each message on one line and short", () => {
		const failures = Array.from({ length: 103 }, (_, i) => ({
			name: `f${i}`,
			kind: "network",
			message: `line one\nline two ${"x".repeat(400)}`,
		}));
		const line = checkRunLine("verify", { startedAtMs: at, elapsedMs: 5, exitCode: 1, checked: 200, found: 103, failures, rerun: [] });
		assert.equal(line.failures.length, 100);
		assert.equal(line.moreFailures, 3);
		assert.equal(line.failed, 103);
		assert.ok(line.failures[0]!.message.startsWith("line one line two x"));
		assert.equal(line.failures[0]!.message.length, 300);
		assert.ok(parseRunLogLine(JSON.stringify(line)));
	});

	it("a check counts the 429s among its failures", () => {
		const failures = [
			{ name: "https://civitai.com", kind: "rate_limited", message: "429" },
			{ name: "https://civitai.red", kind: "network", message: "reset" },
		];
		const line = checkRunLine("outdated", {
			startedAtMs: at,
			elapsedMs: 5,
			exitCode: 1,
			checked: 0,
			found: 0,
			failures,
			rerun: [["outdated"]],
		});
		assert.deepEqual([line.failed, line.rateLimited, line.rerun], [2, 1, [["outdated"]]]);
	});

	it("reads back only lines it wrote: a torn, edited or foreign line is skipped", () => {
		const good = downloadRunLine("get", summary(), { startedAtMs: at, exitCode: 0 });
		const text = [
			formatRunLogLine(good),
			'{"v":1,"command":"get"}\n',
			'{"v":2}\n',
			"not json\n",
			`${JSON.stringify({ ...good, command: "rm -rf" })}\n`,
			`${JSON.stringify({ ...good, downloaded: -1 })}\n`,
			formatRunLogLine(good).slice(0, 40),
		].join("");
		assert.deepEqual(parseRunLog(text), [good]);
	});

	it("keeps the last 500 runs", () => {
		const line = (n: number): RunLogLine => downloadRunLine("get", summary({ succeeded: n }), { startedAtMs: at, exitCode: 0 });
		let lines: RunLogLine[] = [];
		for (let n = 1; n <= RUN_LOG_MAX + 3; n++) lines = withRun(lines, line(n));
		assert.equal(lines.length, 500);
		assert.deepEqual([lines[0]!.downloaded, lines.at(-1)!.downloaded], [4, 503]);
		assert.equal(parseRunLog(lines.map(formatRunLogLine).join("") + formatRunLogLine(line(504))).length, 500);
	});

	it("failed last time: the failures of the last run that downloaded, not of a later check", () => {
		const get = downloadRunLine("get", summary({ failures: [{ name: "a.safetensors", kind: "auth", message: "x" }] }), {
			startedAtMs: at,
			exitCode: 1,
		});
		const again = downloadRunLine("redownload", summary({ failures: [{ name: "b.safetensors", kind: "network", message: "y" }] }), {
			startedAtMs: at + 1,
			exitCode: 1,
		});
		const verify = checkRunLine("verify", {
			startedAtMs: at + 2,
			elapsedMs: 1,
			exitCode: 1,
			checked: 1,
			found: 1,
			failures: [{ name: "c.safetensors", kind: "missing", message: "z" }],
			rerun: [],
		});
		assert.deepEqual([...failedLastTime([get, again, verify]).keys()], ["b.safetensors"]);
		assert.deepEqual([...failedLastTime([verify]).keys()], []);
	});

	it("writes a command as the user types it: plain words bare, anything else in double quotes", () => {
		assert.equal(shellLine(["redownload", "--from", "/data/failed-1.csv"]), "civitai-dl redownload --from /data/failed-1.csv");
		assert.equal(shellLine(["import", '/my models/$x "q"']), 'civitai-dl import "/my models/\\$x \\"q\\""');
	});
});
