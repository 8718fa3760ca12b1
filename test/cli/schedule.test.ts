import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type ChildRun, formatTime, parkedArgs, parseCron, type RunReport, runSchedule } from "../../src/cli/schedule.js";
import { UsageError } from "../../src/errors.js";
import { en } from "../../src/i18n/en.js";
import { type Clock, systemClock } from "../../src/platform/clock.js";
import { VirtualClock } from "../virtual-clock.js";

const VALUE_FLAGS = new Set(["--config", "--sleep", "--from", "--failed-out", "-o", "--output", "--file-id", "--base-url"]);

describe("cron expressions", () => {
	it("takes 5 or 6 fields and nicknames", () => {
		for (const ok of ["0 3 * * *", "*/2 * * * * *", "@daily", "30 2 * * 1-5"]) assert.ok(parseCron(ok, undefined));
	});
	it("refuses anything else with one sentence", () => {
		for (const bad of ["* * *", "0 3 * * * * * *", "61 * * * *", "every day"]) {
			assert.throws(
				() => parseCron(bad, undefined),
				(e: unknown) => e instanceof UsageError && /is not a cron expression/.test(e.message),
			);
		}
	});
	it("computes next runs in the given time zone", () => {
		const job = parseCron("0 3 * * *", "Asia/Tokyo");
		const next = job.nextRun(new Date("2026-11-27T00:00:00Z"))!;
		assert.equal(next.toISOString(), "2026-11-27T18:00:00.000Z");
		assert.equal(formatTime(next, "Asia/Tokyo"), "2026-11-28 03:00:00");
		assert.equal(formatTime(next, "UTC"), "2026-11-27 18:00:00");
	});
});

describe("re-running a parked list", () => {
	it("keeps the user's options, drops targets and list options, and adds --yes", () => {
		assert.deepEqual(parkedArgs(["redownload", "all", "--config", "c.json", "--sleep", "10", "-q"], "/p/failed.csv", VALUE_FLAGS), [
			"redownload",
			"--from",
			"/p/failed.csv",
			"--config",
			"c.json",
			"--sleep",
			"10",
			"-q",
			"--yes",
		]);
		assert.deepEqual(
			parkedArgs(
				["get", "model:1", "--failed-out", "x.csv", "--base-url=http://h", "-y", "model:2", "--file-id", "3"],
				"/f.csv",
				VALUE_FLAGS,
			),
			["redownload", "--from", "/f.csv", "--base-url=http://h", "-y"],
		);
	});

	it("a parked `update` re-runs without update's own --all-base-models (redownload would refuse it: exit 2)", () => {
		assert.deepEqual(parkedArgs(["update", "--all-base-models", "--yes", "--sleep", "10"], "/f.csv", VALUE_FLAGS), [
			"redownload",
			"--from",
			"/f.csv",
			"--yes",
			"--sleep",
			"10",
		]);
	});
});

/** A spawner whose runs take `ms[i]` and end with `codes[i]`, recording when each ran. */
function fakeSpawner(plan: { ms: number; code: number; report?: Partial<RunReport> }[], clock: Clock = systemClock) {
	const runs: { args: readonly string[]; start: number; end: number }[] = [];
	return {
		runs,
		spawnRun(args: readonly string[]): ChildRun {
			const p = plan[Math.min(runs.length, plan.length - 1)]!;
			const rec = { args, start: clock.now(), end: 0 };
			runs.push(rec);
			return {
				done: clock.sleep(p.ms).then(() => {
					rec.end = clock.now();
					return { code: p.code, report: { exitCode: p.code, failedListPath: null, stoppedBy: null, ...p.report } };
				}),
				interrupt() {},
			};
		},
	};
}

describe("runSchedule", () => {
	it("never overlaps runs, says when a tick is skipped, and keeps going after a failed run", async () => {
		const clock = new VirtualClock();
		const s = fakeSpawner(
			[
				{ ms: 1600, code: 1 },
				{ ms: 50, code: 0 },
			],
			clock,
		);
		const lines: string[] = [];
		const code = await runSchedule({
			cron: "* * * * * *",
			args: ["redownload", "all", "--yes"],
			valueFlags: VALUE_FLAGS,
			maxRuns: 3,
			m: en,
			say: (l) => lines.push(l),
			clock,
			signal: new AbortController().signal,
			spawnRun: s.spawnRun,
		});
		assert.equal(code, 0);
		assert.equal(s.runs.length, 3);
		for (let i = 1; i < s.runs.length; i++)
			assert.ok(s.runs[i]!.start >= s.runs[i - 1]!.end, "a run started before the previous one ended");
		const text = lines.join("\n");
		assert.match(text, /^Next runs: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d, .*, /);
		assert.match(text, /finished with exit code 1 \(some items failed\)/);
		assert.match(text, /skipped this scheduled run: the run started at .* is still going/);
		assert.match(text, /Schedule stopped after 3 runs\./);
	});

	/** Two scheduled runs where the first parks (exit 3) for `why`: the runs made and the scheduler's lines. */
	async function parkedThenNext(why: "quota" | "outage" | "disk", args: string[]) {
		const clock = new VirtualClock();
		const s = fakeSpawner(
			[
				{ ms: 10, code: 3, report: { failedListPath: "/data/failed-1.csv", stoppedBy: why } },
				{ ms: 10, code: 0 },
			],
			clock,
		);
		const lines: string[] = [];
		await runSchedule({
			cron: "* * * * * *",
			args,
			valueFlags: VALUE_FLAGS,
			maxRuns: 2,
			m: en,
			say: (l) => lines.push(l),
			clock,
			signal: new AbortController().signal,
			spawnRun: s.spawnRun,
		});
		return { runs: s.runs.map((r) => r.args.join(" ")), text: lines.join("\n") };
	}

	it("after a quota park, the next run picks up the parked list first", async () => {
		const { runs, text } = await parkedThenNext("quota", ["redownload", "all", "--yes", "--config", "c.json"]);
		assert.deepEqual(runs, [
			"redownload all --yes --config c.json",
			"redownload --from /data/failed-1.csv --yes --config c.json",
			"redownload all --yes --config c.json",
		]);
		assert.match(text, /picking up \/data\/failed-1\.csv first/);
	});

	it("after an outage park (exit 3), the next run picks up the parked list first and says why", async () => {
		const { runs, text } = await parkedThenNext("outage", ["redownload", "all", "--yes"]);
		assert.deepEqual(runs, ["redownload all --yes", "redownload --from /data/failed-1.csv --yes", "redownload all --yes"]);
		assert.match(text, /finished with exit code 3 \(parked: Civitai looked down or unreachable\)/);
		assert.match(text, /parked because Civitai looked down or unreachable; picking up \/data\/failed-1\.csv first/);
	});

	it("after a full disk parked the run (exit 3), the next run picks up the parked list first and says why", async () => {
		const { runs, text } = await parkedThenNext("disk", ["redownload", "all", "--yes"]);
		assert.deepEqual(runs, ["redownload all --yes", "redownload --from /data/failed-1.csv --yes", "redownload all --yes"]);
		assert.match(text, /finished with exit code 3 \(parked: the disk was full\)/);
		assert.match(text, /parked because the disk was full; picking up \/data\/failed-1\.csv first/);
	});

	/** A command that parks for `why`, then its parked list's re-run that parks again the same way. */
	async function parkedTwice(why: "quota" | "outage" | "disk") {
		const clock = new VirtualClock();
		const s = fakeSpawner(
			[
				{ ms: 10, code: 3, report: { failedListPath: "/data/failed-1.csv", stoppedBy: why } },
				{ ms: 10, code: 3, report: { failedListPath: "/data/failed-2.csv", stoppedBy: why } },
				{ ms: 10, code: 0 },
			],
			clock,
		);
		await runSchedule({
			cron: "* * * * * *",
			args: ["redownload", "all", "--yes"],
			valueFlags: VALUE_FLAGS,
			maxRuns: 3,
			m: en,
			say: () => {},
			clock,
			signal: new AbortController().signal,
			spawnRun: s.spawnRun,
		});
		return s.runs.map((r) => r.args.join(" "));
	}

	it("a parked list's re-run parked again for an outage does not stop the command (issue 25, finding 4)", async () => {
		assert.deepEqual(await parkedTwice("outage"), [
			"redownload all --yes",
			"redownload --from /data/failed-1.csv --yes",
			"redownload all --yes",
			"redownload all --yes",
		]);
	});

	it("parked again by the quota or a full disk, the command waits for a later time (it would stop at once too)", async () => {
		for (const why of ["quota", "disk"] as const) {
			assert.deepEqual(await parkedTwice(why), [
				"redownload all --yes",
				"redownload --from /data/failed-1.csv --yes",
				"redownload --from /data/failed-2.csv --yes",
				"redownload all --yes",
			]);
		}
	});

	it("an interrupt while idle stops at once; during a run it waits for the run to end", async () => {
		const s = fakeSpawner([{ ms: 400, code: 0 }]);
		const ac = new AbortController();
		const lines: string[] = [];
		const done = runSchedule({
			cron: "* * * * * *",
			args: ["get", "model:1"],
			valueFlags: VALUE_FLAGS,
			m: en,
			say: (l) => lines.push(l),
			clock: systemClock,
			signal: ac.signal,
			spawnRun: s.spawnRun,
		});
		while (s.runs.length === 0) await sleep(20);
		ac.abort();
		assert.equal(await done, 130);
		assert.equal(s.runs.length, 1);
		assert.ok(s.runs[0]!.end > 0, "the run was allowed to finish");
		assert.ok(lines.some((l) => /Stopping the schedule after the current run ends/.test(l)));
	});

	it("refuses a missing command and a nested schedule", async () => {
		const base = {
			cron: "* * * * *",
			valueFlags: VALUE_FLAGS,
			m: en,
			say: () => {},
			clock: systemClock,
			signal: new AbortController().signal,
		};
		await assert.rejects(runSchedule({ ...base, args: [], spawnRun: fakeSpawner([]).spawnRun }), /needs the command to run after "--"/);
		await assert.rejects(
			runSchedule({ ...base, args: ["schedule", "x"], spawnRun: fakeSpawner([]).spawnRun }),
			/cannot run another schedule/,
		);
	});
});
