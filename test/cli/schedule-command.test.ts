import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withDashes } from "../../src/cli/command-line.js";
import { scheduledCommandRefusal } from "../../src/cli/commands/unattended-run.js";
import type { Ctx } from "../../src/cli/context.js";
import { messages } from "../../src/i18n/index.js";
import { word } from "../../src/i18n/msg.js";
import { systemClock } from "../../src/platform/clock.js";
import { tempDir } from "../helpers.js";
import { cli, sink } from "../updates/fixtures.js";

/** issue 27 point 3: `schedule` reads the command it will run when it starts, with the same parser. */
describe("schedule checks its command when it starts", () => {
	for (const [args, said] of [
		[["frobnicate"], /the command to schedule, "civitai-dl frobnicate", would fail at every run: unknown command frobnicate/],
		[["get", "--bogus", "model:1"], /"civitai-dl get --bogus model:1", would fail at every run: unknown option --bogus/],
		[["get", "--sleep", "soon", "model:1"], /"civitai-dl get --sleep soon model:1", would fail at every run: .*--sleep/],
		[["get"], /"civitai-dl get", would fail at every run: missing <target>/],
		[
			["redownload", "all"],
			/"civitai-dl redownload all" asks y\/N before it downloads, and a scheduled run has no terminal to answer on: add --yes/,
		],
		[["update"], /"civitai-dl update" asks y\/N/],
		[["get", "user:someone"], /asks y\/N when its list is long/],
		[["get", "-"], /reads its targets from standard input, which a scheduled run does not have/],
	] as const) {
		it(`refuses \`schedule "0 3 * * *" -- ${args.join(" ")}\` with exit 2 and the reason, and starts nothing`, async () => {
			const dir = await tempDir();
			const r = await cli(["schedule", "0 3 * * *", "--", ...args], dir);
			assert.equal(r.code, 2, r.stderr);
			assert.match(r.stderr, said);
			assert.doesNotMatch(r.stdout, /Next runs/);
		});
	}

	it("says it in Japanese too", async () => {
		const r = await cli(["schedule", "--lang", "ja", "0 3 * * *", "--", "redownload", "all"], await tempDir());
		assert.equal(r.code, 2);
		assert.match(r.stderr, /スケジュール実行には答える端末がありません/);
	});

	it("passes the commands a night can run alone", async () => {
		const dir = await tempDir();
		const ctx: Ctx = {
			io: { stdout: sink(), stderr: sink(), stdin: sink(), env: {}, cwd: dir, signal: new AbortController().signal },
			lang: "en",
			m: messages("en"),
			clock: systemClock,
			result: { code: 0 },
			http: () => Promise.reject(new Error("no network here")),
		};
		for (const args of [
			["redownload", "all", "--yes"],
			["redownload", "all", "--yes", "--sleep", "5", "--config", "c.json"],
			["update", "--yes"],
			["update", "--dry-run"],
			["outdated"],
			["get", "model:1", "version:2"],
			["get", "user:someone", "--yes"],
			["verify", "--failed-out", "broken.csv"],
			["import", "/models"],
			["get", "--help"],
		]) {
			const refusal = await scheduledCommandRefusal(ctx, args);
			assert.equal(refusal && word(ctx.m, refusal), undefined, args.join(" "));
		}
	});

	it("without `--`, a command's options are the schedule's: it says to put the command after `--`", async () => {
		const r = await cli(["schedule", "0 3 * * *", "redownload", "all", "--yes"], await tempDir());
		assert.equal(r.code, 2);
		assert.match(r.stderr, /put the command schedule runs after "--": civitai-dl schedule "0 3 \* \* \*" -- redownload all --yes/);
	});

	for (const [argv, line] of [
		[["schedule", "0 3 * * *", "redownload", "all", "--yes"], 'schedule "0 3 * * *" -- redownload all --yes'],
		[["schedule", "--tz", "Asia/Tokyo", "@daily", "get", "-q", "model:1"], "schedule --tz Asia/Tokyo @daily -- get -q model:1"],
		[["schedule", "0 3 * * *", "get", "--max-runs=2", "-q", "x y"], 'schedule --max-runs=2 "0 3 * * *" -- get -q "x y"'],
	] as const) {
		it(`withDashes: ${line}`, () => assert.equal(withDashes(argv), line));
	}
});
