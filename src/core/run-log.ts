import { z } from "zod";
import type { RunSummary } from "./summary.js";

/**
 * The run log (issue 29): one JSON line per run that downloads or checks, kept next to the history,
 * the last `RUN_LOG_MAX` runs. Pure: what a line says and how it is read back; the file is
 * `library/run-log.ts`.
 */

/** The commands that leave a line. */
export const RUN_COMMANDS = ["get", "redownload", "update", "import", "verify", "outdated"] as const;
export type RunCommand = (typeof RUN_COMMANDS)[number];

/** The runs that download: their failures are what "failed last time" means. */
const DOWNLOADING: ReadonlySet<RunCommand> = new Set(["get", "redownload", "update"]);

/** How many runs the log keeps. */
export const RUN_LOG_MAX = 500;
/** How many failures one line names (the rest are counted in `moreFailures`). */
export const RUN_LOG_FAILURES = 100;
const MESSAGE_CHARS = 300;

const FailureSchema = z.object({ name: z.string(), kind: z.string(), message: z.string() });

const LineSchema = z.object({
	v: z.literal(1),
	command: z.enum(RUN_COMMANDS),
	/** ISO time the run started. */
	startedAt: z.iso.datetime(),
	elapsedMs: z.number().nonnegative(),
	exitCode: z.int(),
	downloaded: z.int().nonnegative(),
	bytes: z.number().nonnegative(),
	skipped: z.int().nonnegative(),
	failed: z.int().nonnegative(),
	parked: z.int().nonnegative(),
	/** 429s the run was told of. */
	rateLimited: z.int().nonnegative(),
	/** What a check looked at: verify's files, outdated's and update's models, import's files (null: a plain download run). */
	checked: z.int().nonnegative().nullable(),
	/** What a check found: verify's broken files, outdated's and update's newer versions, import's identified files. */
	found: z.int().nonnegative().nullable(),
	stoppedBy: z.string().nullable(),
	failedListPath: z.string().nullable(),
	failures: z.array(FailureSchema).max(RUN_LOG_FAILURES),
	moreFailures: z.int().nonnegative(),
	/** The commands (arguments after `civitai-dl`) that run the failures again, in order; empty: none needed. */
	rerun: z.array(z.array(z.string())),
});

export type RunLogLine = z.output<typeof LineSchema>;
export type RunLogFailure = z.output<typeof FailureSchema>;

/** One line of the log as written. */
export function formatRunLogLine(line: RunLogLine): string {
	return `${JSON.stringify(line)}\n`;
}

/** A line read back: undefined when it is not one we wrote (a torn or edited line is skipped, never trusted). */
export function parseRunLogLine(text: string): RunLogLine | undefined {
	try {
		const r = LineSchema.safeParse(JSON.parse(text));
		return r.success ? r.data : undefined;
	} catch {
		return undefined;
	}
}

/** The lines of a log file's text, oldest first, at most the last `max`. */
export function parseRunLog(text: string, max = RUN_LOG_MAX): RunLogLine[] {
	const lines: RunLogLine[] = [];
	for (const l of text.split("\n")) {
		const parsed = l.trim() === "" ? undefined : parseRunLogLine(l);
		if (parsed) lines.push(parsed);
	}
	return lines.slice(-max);
}

/** The failures a line keeps: the first RUN_LOG_FAILURES, each message on one line and short. */
function keptFailures(all: readonly RunLogFailure[]): Pick<RunLogLine, "failures" | "moreFailures"> {
	const short = (s: string) => {
		const one = s.replace(/\s+/g, " ").trim();
		return one.length > MESSAGE_CHARS ? `${one.slice(0, MESSAGE_CHARS - 1)}…` : one;
	};
	return {
		failures: all.slice(0, RUN_LOG_FAILURES).map((f) => ({ name: short(f.name), kind: f.kind, message: short(f.message) })),
		moreFailures: Math.max(0, all.length - RUN_LOG_FAILURES),
	};
}

/** What every line has, zeroed. */
function blank(command: RunCommand, startedAtMs: number, elapsedMs: number): RunLogLine {
	return {
		v: 1,
		command,
		startedAt: new Date(startedAtMs).toISOString(),
		elapsedMs: Math.max(0, elapsedMs),
		exitCode: 0,
		downloaded: 0,
		bytes: 0,
		skipped: 0,
		failed: 0,
		parked: 0,
		rateLimited: 0,
		checked: null,
		found: null,
		stoppedBy: null,
		failedListPath: null,
		failures: [],
		moreFailures: 0,
		rerun: [],
	};
}

/** The command that takes a failed list again, with the words that name the run's set-up (`--config <file>`, ...). */
export function rerunFailedList(path: string, again: readonly string[] = []): string[] {
	return ["redownload", "--from", path, ...again];
}

/** A downloading run's line (get, redownload, update), from its summary; `check` is update's look at Civitai. */
export function downloadRunLine(
	command: "get" | "redownload" | "update",
	s: RunSummary,
	run: { startedAtMs: number; exitCode: number; check?: { checked: number; found: number } },
): RunLogLine {
	return {
		...blank(command, run.startedAtMs, s.elapsedMs),
		exitCode: run.exitCode,
		downloaded: s.succeeded,
		bytes: s.bytes,
		skipped: s.skipped,
		failed: s.failed,
		parked: s.parked,
		rateLimited: s.rateLimited,
		checked: run.check?.checked ?? null,
		found: run.check?.found ?? null,
		stoppedBy: s.stoppedBy,
		failedListPath: s.failedListPath,
		...keptFailures(s.failures),
		rerun: s.rerun ? [s.rerun] : [],
	};
}

/** A check's line (verify, outdated, import; update when it had nothing to download). */
export function checkRunLine(
	command: RunCommand,
	run: {
		startedAtMs: number;
		elapsedMs: number;
		exitCode: number;
		checked: number;
		found: number;
		failures: readonly RunLogFailure[];
		failedListPath?: string | null;
		rerun: string[][];
	},
): RunLogLine {
	return {
		...blank(command, run.startedAtMs, run.elapsedMs),
		exitCode: run.exitCode,
		failed: run.failures.length,
		rateLimited: run.failures.filter((f) => f.kind === "rate_limited").length,
		checked: run.checked,
		found: run.found,
		failedListPath: run.failedListPath ?? null,
		...keptFailures(run.failures),
		rerun: run.rerun,
	};
}

/** The log with one more line, the oldest dropped past `max`. */
export function withRun(lines: readonly RunLogLine[], line: RunLogLine, max = RUN_LOG_MAX): RunLogLine[] {
	return [...lines, line].slice(-max);
}

/** What the last downloading run failed on (its failures, parked ones included), by name: "failed last time". */
export function failedLastTime(lines: readonly RunLogLine[]): Map<string, RunLogFailure> {
	for (let i = lines.length - 1; i >= 0; i--) {
		const l = lines[i]!;
		if (DOWNLOADING.has(l.command)) return new Map(l.failures.map((f) => [f.name, f]));
	}
	return new Map();
}

/** A command as a user types it: an argument with anything but safe characters in double quotes, as the CLI's own hints do. */
export function shellLine(args: readonly string[]): string {
	return ["civitai-dl", ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `"${a.replace(/["\\$`]/g, "\\$&")}"`)).join(" ");
}
