import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { main } from "../../src/cli/main.js";
import { type RunReport, runSchedule } from "../../src/cli/schedule.js";
import { en } from "../../src/i18n/en.js";
import { KEY } from "../helpers.js";
import { cli } from "../updates/fixtures.js";
import { VirtualClock } from "../virtual-clock.js";
import { BROKEN, brokenCheckpoints, HEALTHY } from "./broken-checkpoints.js";

describe("a few broken files do not lock a schedule in (issue 25, finding 4)", () => {
	it('schedule "* * * * * *" --max-runs 4 -- redownload all --yes: the healthy LoRAs are downloaded, the command runs again', async () => {
		const { dir, config, downloadsOf, lorasOnDisk } = await brokenCheckpoints();
		const clock = new VirtualClock();
		const lines: string[] = [];
		let n = 0;
		const code = await runSchedule({
			cron: "* * * * * *",
			args: ["redownload", "all", "--yes"],
			valueFlags: new Set(),
			maxRuns: 4,
			m: en,
			say: (l) => lines.push(l),
			clock,
			signal: new AbortController().signal,
			// each run is the CLI in this process, on the schedule's clock, reporting as a child would
			spawnRun: (args) => ({
				done: (async () => {
					const reportPath = join(dir, `report-${++n}.json`);
					const out = new PassThrough().resume();
					const env = { CIVITAI_DL_CONFIG: config, CIVITAI_API_KEY: KEY, CIVITAI_DL_RUN_REPORT: reportPath };
					const io = { stdout: out, stderr: out, stdin: new PassThrough(), env, cwd: dir, signal: new AbortController().signal, clock };
					const exit = await main([...args], io);
					const report = JSON.parse(await readFile(reportPath, "utf8")) as RunReport;
					return { code: exit, report };
				})(),
				interrupt() {},
			}),
		});
		assert.equal(code, 0);
		const log = lines.join("\n");
		assert.equal(await lorasOnDisk(), 5, log);
		const commandRuns = lines.filter((l) => /starting: civitai-dl redownload all --yes/.test(l)).length;
		assert.ok(commandRuns >= 3, `the scheduled command ran in later ticks too:\n${log}`);
		// each broken file is asked once per run and retried on the ladder (the config's 3 retries): never more
		const runs = lines.filter((l) => /starting:/.test(l)).length;
		assert.ok(downloadsOf(BROKEN) <= runs * BROKEN.length * 4, `${downloadsOf(BROKEN)} requests to the broken versions in ${runs} runs`);
		assert.equal(downloadsOf(HEALTHY), 5, "each healthy LoRA downloaded once");
	});
});

describe("a plain nightly redownload all with three broken checkpoints (issue 25, finding 4)", () => {
	it("night 1 parks the LoRAs behind them; night 2 tries the LoRAs first and the broken ones last, and does not park", async () => {
		const { dir, config, downloadsOf, lorasOnDisk } = await brokenCheckpoints();
		const clock = new VirtualClock();
		const night1 = await cli(["redownload", "all", "--yes", "--config", config], dir, clock);
		assert.equal(night1.code, 3, night1.stdout);
		assert.equal(await lorasOnDisk(), 0);
		clock.advance(24 * 3600_000);
		const night2 = await cli(["redownload", "all", "--yes", "--config", config], dir, clock);
		assert.equal(await lorasOnDisk(), 5, night2.stdout + night2.stderr);
		assert.match(night2.stdout, /succeeded: +5/);
		assert.match(night2.stdout, /failed: +3/);
		assert.doesNotMatch(night2.stdout, /stopped:|parked: +[1-9]/);
		// the LoRAs came first: items 1-5, the checkpoints 6-8
		assert.deepEqual(
			[...`${night2.stdout}${night2.stderr}`.matchAll(/^\[(\d)\] FAILED ckpt-/gm)].map((x) => Number(x[1])),
			[6, 7, 8],
		);
		assert.equal(downloadsOf(HEALTHY), 5);
	});
});
