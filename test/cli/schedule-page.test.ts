import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { reportArgs, runSchedule } from "../../src/cli/schedule.js";
import { en } from "../../src/i18n/en.js";
import { VirtualClock } from "../virtual-clock.js";

describe("schedule writes the report page after each run and says where it is (issue 29)", () => {
	it("the report takes the run's config and language, nothing else", () => {
		assert.deepEqual(reportArgs(["get", "user:alice", "--config", "/c.json", "--sleep", "5", "--lang=ja", "-y"]), [
			"report",
			"--quiet",
			"--config",
			"/c.json",
			"--lang=ja",
		]);
	});

	it("after each run: `report` as a child, its page named", async () => {
		const clock = new VirtualClock();
		const spawned: string[] = [];
		const lines: string[] = [];
		const code = await runSchedule({
			cron: "* * * * * *",
			args: ["redownload", "all", "--yes", "--config", "/c.json"],
			valueFlags: new Set(["--config"]),
			maxRuns: 2,
			m: en,
			say: (l) => lines.push(l),
			clock,
			signal: new AbortController().signal,
			reportAfter: true,
			spawnRun: (args) => {
				spawned.push(args.join(" "));
				const report = args[0] === "report" ? "/lib/civitai-dl-report.html" : null;
				return {
					done: clock
						.sleep(10)
						.then(() => ({ code: 0, report: { exitCode: 0, failedListPath: null, stoppedBy: null, reportPath: report } })),
					interrupt() {},
				};
			},
		});
		assert.equal(code, 0);
		assert.deepEqual(spawned, [
			"redownload all --yes --config /c.json",
			"report --quiet --config /c.json",
			"redownload all --yes --config /c.json",
			"report --quiet --config /c.json",
		]);
		assert.equal(lines.filter((l) => l === "The report: /lib/civitai-dl-report.html").length, 2);
	});
});
