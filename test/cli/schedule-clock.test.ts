import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runSchedule } from "../../src/cli/schedule.js";
import { en } from "../../src/i18n/en.js";
import { systemClock } from "../../src/platform/clock.js";
import { VirtualClock } from "../virtual-clock.js";

describe("runSchedule on the clock", () => {
	it("an hourly schedule whose run takes 3.5 hours says each skipped tick at its time, without real waiting", async () => {
		const clock = new VirtualClock(Date.UTC(2026, 10, 30, 0, 30, 0));
		const lines: string[] = [];
		const started = Date.now();
		const code = await runSchedule({
			cron: "0 * * * *",
			tz: "UTC",
			args: ["redownload", "all", "--yes"],
			valueFlags: new Set(),
			maxRuns: 1,
			m: en,
			say: (l) => lines.push(l),
			clock,
			signal: new AbortController().signal,
			spawnRun: () => ({
				done: clock.sleep(3.5 * 3600_000).then(() => ({ code: 0, report: null })),
				interrupt() {},
			}),
		});
		assert.equal(code, 0);
		const skipped = lines.filter((l) => /skipped this scheduled run/.test(l));
		assert.deepEqual(
			skipped.map((l) => /\d{4}-\d\d-\d\d (\d\d:\d\d)/.exec(l)?.[1]),
			["02:00", "03:00", "04:00"],
			lines.join("\n"),
		);
		assert.match(lines.join("\n"), /finished with exit code 0/);
		assert.equal(clock.pending, 0, "no wait is left behind");
		assert.ok(Date.now() - started < 5000, "virtual hours take no real time");
	});

	it("a yearly schedule on the system clock waits for its day: a wait past 24.8 days is not cut to 1 ms (red team)", async () => {
		const stop = new AbortController();
		const started: string[][] = [];
		const lines: string[] = [];
		setTimeout(() => stop.abort(), 500);
		const code = await runSchedule({
			cron: "@yearly",
			args: ["redownload", "all", "--yes"],
			valueFlags: new Set(),
			maxRuns: 3,
			m: en,
			say: (l) => lines.push(l),
			clock: systemClock,
			signal: stop.signal,
			spawnRun: (args) => {
				started.push([...args]);
				return { done: Promise.resolve({ code: 0, report: null }), interrupt() {} };
			},
		});
		assert.deepEqual(started, [], `a run started months early:\n${lines.join("\n")}`);
		assert.equal(code, 130, "stopped while waiting");
	});
});
