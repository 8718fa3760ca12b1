import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cron } from "croner";
import { UsageError } from "../errors.js";
import type { Messages } from "../i18n/index.js";
import { msg } from "../i18n/msg.js";
import type { Clock } from "../platform/clock.js";

/** What a child run tells the scheduler (written to $CIVITAI_DL_RUN_REPORT when set). */
export interface RunReport {
	exitCode: number;
	failedListPath: string | null;
	stoppedBy: string | null;
	/** Where `report` wrote its page (null: not a report run). */
	reportPath?: string | null;
}

export interface ChildRun {
	done: Promise<{ code: number; report: RunReport | null }>;
	/** Ask the run to stop (Ctrl-C for it): partial files kept, failed list written. */
	interrupt(): void;
}

export type Spawner = (args: readonly string[]) => ChildRun;

export interface ScheduleOptions {
	cron: string;
	tz?: string;
	args: readonly string[];
	/** Options of get/redownload that take a value, e.g. ["--config", "--sleep", "-o"]: kept when re-running a parked list. */
	valueFlags: ReadonlySet<string>;
	maxRuns?: number;
	m: Messages;
	say: (line: string) => void;
	clock: Clock;
	signal: AbortSignal;
	spawnRun: Spawner;
	/** After each run, write the report page (`civitai-dl report` with the run's config and language) and say where it is. */
	reportAfter?: boolean;
}

/** The arguments of the report written after a scheduled run: the run's `--config` and `--lang`, nothing else. */
export function reportArgs(args: readonly string[]): string[] {
	const out = ["report", "--quiet"];
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		if (/^--(config|lang)=/.test(a)) out.push(a);
		else if ((a === "--config" || a === "--lang") && args[i + 1] !== undefined) out.push(a, args[++i]!);
	}
	return out;
}

/** Validate a cron expression (5 or 6 fields, or a nickname like @daily) and make its job. */
export function parseCron(expr: string, tz: string | undefined): Cron {
	const fields = expr.trim().split(/\s+/);
	if (!expr.trim().startsWith("@") && (fields.length < 5 || fields.length > 6)) {
		throw new UsageError(msg("scheduleBadCron", { cron: expr, reason: `${fields.length} fields` }));
	}
	try {
		return new Cron(expr.trim(), { paused: true, ...(tz ? { timezone: tz } : {}) });
	} catch (e) {
		throw new UsageError(msg("scheduleBadCron", { cron: expr, reason: (e as Error).message }));
	}
}

/** "2026-11-27 03:00:00" in the schedule's time zone. */
export function formatTime(d: Date, tz?: string): string {
	const parts = new Intl.DateTimeFormat("en-CA", {
		timeZone: tz,
		year: "numeric",
		month: "2-digit",
		day: "2-digit",
		hour: "2-digit",
		minute: "2-digit",
		second: "2-digit",
		hourCycle: "h23",
	}).formatToParts(d);
	const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
	return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}:${get("second")}`;
}

/** The command to re-run a parked failed list with the user's own options (config, pacing, ...). */
export function parkedArgs(args: readonly string[], failedList: string, valueFlags: ReadonlySet<string>): string[] {
	const keep: string[] = [];
	const drop = new Set(["--from", "--failed-out", "--file-id", "--all-base-models"]); // the last is update's own
	for (let i = 1; i < args.length; i++) {
		const a = args[i]!;
		if (!a.startsWith("-")) continue; // targets and `all`
		const name = a.includes("=") ? a.slice(0, a.indexOf("=")) : a;
		const takesValue = valueFlags.has(name) && !a.includes("=");
		if (!drop.has(name)) keep.push(a, ...(takesValue && args[i + 1] !== undefined ? [args[i + 1]!] : []));
		if (takesValue) i++;
	}
	if (!keep.includes("--yes") && !keep.includes("-y")) keep.push("--yes");
	return ["redownload", "--from", failedList, ...keep];
}

/**
 * What an exit code means for the command that ran (`args`: its words, the command first); a park (3)
 * names its cause from the run's report (the quota, an outage, a full disk). A check (`outdated`,
 * `verify`) or an `import` is said in its own words, not a download's (issue 27, point 20).
 */
export function exitMeaning(code: number, m: Messages, stoppedBy: string | null = null, args: readonly string[] = []): string {
	const command = args.find((a) => !a.startsWith("-"));
	if (code === 0 || code === 1) {
		const ok = code === 0;
		if (command === "outdated") return ok ? m.exitMeaningOutdated0() : m.exitMeaningOutdated1();
		if (command === "verify") return ok ? m.exitMeaningVerify0() : m.exitMeaningVerify1();
		if (command === "import") return ok ? m.exitMeaningImport0() : m.exitMeaningImport1();
	}
	switch (code) {
		case 0:
			return m.exitMeaning0();
		case 1:
			return m.exitMeaning1();
		case 2:
			return m.exitMeaning2();
		case 3:
			if (stoppedBy === "outage") return m.exitMeaning3Outage();
			return stoppedBy === "disk" ? m.exitMeaning3Disk() : m.exitMeaning3();
		case 130:
			return m.exitMeaning130();
		default:
			return m.exitMeaningOther();
	}
}

/** The line before a parked list is picked up, naming why it was parked. */
function parkedFirst(m: Messages, parked: { path: string; why: string | null }): string {
	if (parked.why === "outage") return m.scheduleParkedFirstOutage({ path: parked.path });
	if (parked.why === "disk") return m.scheduleParkedFirstDisk({ path: parked.path });
	return m.scheduleParkedFirst({ path: parked.path });
}

/** Until `stop` aborts: wait on the clock for each tick of `job` and say it was skipped. */
async function sayEachSkippedTick(
	o: Pick<ScheduleOptions, "m" | "say" | "clock" | "tz">,
	job: ReturnType<typeof parseCron>,
	stop: AbortSignal,
	startedAt: Date,
): Promise<void> {
	const { m, say, clock } = o;
	for (;;) {
		const next = job.nextRun(new Date(clock.now()));
		if (!next) return;
		try {
			await clock.sleep(Math.max(1, next.getTime() - clock.now()), stop);
		} catch {
			return; // the run ended
		}
		if (stop.aborted) return;
		say(m.scheduleSkipped({ time: formatTime(next, o.tz), since: formatTime(startedAt, o.tz) }));
	}
}

/**
 * Run `civitai-dl <args>` on a cron schedule in the foreground: print the next run times, never
 * run two at once (a tick during a run is skipped and says so), keep going after failures, re-run a
 * parked list (quota, outage or full disk: exit 3) first (then the command, unless the re-run was
 * parked again by the quota or a full disk), and stop after the current run on the first interrupt.
 */
export async function runSchedule(o: ScheduleOptions): Promise<number> {
	const { m, say, clock, signal } = o;
	if (o.args.length === 0) throw new UsageError(msg("scheduleNoArgs"));
	if (o.args[0] === "schedule") throw new UsageError(msg("scheduleNested"));
	const job = parseCron(o.cron, o.tz);
	const fmt = (d: Date) => formatTime(d, o.tz);
	const first = job.nextRuns(3, new Date(clock.now()));
	say(m.scheduleNextRuns({ times: first.map(fmt).join(", ") }));

	let runs = 0;
	let parked: { path: string; why: string | null } | null = null;
	const parkedBy = (r: { report: RunReport | null }, path: string) => ({ path, why: r.report?.stoppedBy ?? null });
	let current: ChildRun | null = null;
	const onAbort = () => {
		if (current) say(m.scheduleStopping());
	};
	signal.addEventListener("abort", onAbort, { once: true });

	async function runOnce(args: readonly string[]): Promise<{ code: number; report: RunReport | null }> {
		say(m.scheduleStarting({ time: fmt(new Date(clock.now())), command: `civitai-dl ${args.join(" ")}` }));
		const child = o.spawnRun(args);
		current = child;
		const startedAt = new Date(clock.now());
		// ticks that come while this run goes on are skipped, each said at its time
		const runEnded = new AbortController();
		const skipping = sayEachSkippedTick(o, job, runEnded.signal, startedAt);
		try {
			const result = await child.done;
			const meaning = exitMeaning(result.code, m, result.report?.stoppedBy ?? null, args);
			say(m.scheduleFinished({ time: fmt(new Date(clock.now())), code: result.code, meaning }));
			return result;
		} finally {
			runEnded.abort();
			await skipping;
			current = null;
		}
	}

	/** The report page after a run (its child says where it wrote it); a report that fails says nothing. */
	async function writeReport(): Promise<void> {
		const r = await o.spawnRun(reportArgs(o.args)).done;
		if (r.code === 0 && r.report?.reportPath) say(m.scheduleReport({ path: r.report.reportPath }));
	}

	try {
		while (!signal.aborted && (o.maxRuns === undefined || runs < o.maxRuns)) {
			const next = job.nextRun(new Date(clock.now()));
			if (!next) break;
			if (runs > 0) say(m.scheduleNextRun({ time: fmt(next) }));
			try {
				await clock.sleep(next.getTime() - clock.now(), signal);
			} catch {
				break; // interrupted while idle: stop now
			}
			runs++;
			if (parked !== null) {
				say(parkedFirst(m, parked));
				const r = await runOnce(parkedArgs(o.args, parked.path, o.valueFlags));
				parked = r.code === 3 ? parkedBy(r, r.report?.failedListPath ?? parked.path) : null;
				if (signal.aborted) break;
				// the quota or a full disk would stop the command at once too; parked again for an outage,
				// it may be a few broken files: the command still runs, and its own breaker judges
				if (parked !== null && parked.why !== "outage") continue;
			}
			const r = await runOnce(o.args);
			parked = r.code === 3 && r.report?.failedListPath ? parkedBy(r, r.report.failedListPath) : null;
			if (o.reportAfter) await writeReport();
		}
	} finally {
		signal.removeEventListener("abort", onAbort);
	}
	say(m.scheduleStopped({ runs }));
	return signal.aborted ? 130 : 0;
}

/** Start `civitai-dl <args>` as a child in its own process group: a terminal's Ctrl-C reaches only the scheduler. */
export function nodeSpawner(opts: {
	entry: string;
	execArgv: readonly string[];
	env: NodeJS.ProcessEnv;
	cwd: string;
	inherit: boolean;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
}): Spawner {
	return (args) => {
		// the run's report goes through a folder of its own, made anew (unpredictable name, 0700): no other
		// user can put a link where the child writes, or read what it says
		const reportDir = mkdtempSync(join(tmpdir(), "civitai-dl-run-"));
		const reportPath = join(reportDir, "report.json");
		const child = spawn(process.execPath, [...opts.execArgv, opts.entry, ...args], {
			cwd: opts.cwd,
			env: { ...opts.env, CIVITAI_DL_RUN_REPORT: reportPath },
			stdio: ["ignore", opts.inherit ? "inherit" : "pipe", opts.inherit ? "inherit" : "pipe"],
			detached: process.platform !== "win32",
			windowsHide: true,
		});
		child.stdout?.pipe(opts.stdout, { end: false });
		child.stderr?.pipe(opts.stderr, { end: false });
		// a second Ctrl-C makes the scheduler exit at once: the run still gets its interrupt
		const onExit = () => child.kill("SIGINT");
		process.on("exit", onExit);
		const done = new Promise<{ code: number; report: RunReport | null }>((resolve) => {
			child.on("error", () => {
				void rm(reportDir, { recursive: true, force: true }).catch(() => {});
				resolve({ code: 1, report: null });
			});
			child.on("close", async (code, sig) => {
				process.off("exit", onExit);
				let report: RunReport | null = null;
				try {
					report = JSON.parse(await readFile(reportPath, "utf8")) as RunReport;
				} catch {}
				await rm(reportDir, { recursive: true, force: true });
				resolve({ code: code ?? (sig === "SIGINT" ? 130 : 1), report });
			});
		});
		return { done, interrupt: () => child.kill("SIGINT") };
	};
}
