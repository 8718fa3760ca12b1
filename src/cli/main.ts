import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { type LoadedSettings, loadSettings, parseDelayList, type SettingFlags, type Settings } from "../config/load.js";
import { type Category, parseCategory } from "../core/categories.js";
import { formatBytes, formatDuration } from "../core/format.js";
import { dedupeHistory } from "../core/plan.js";
import { exitCodeFor, type RunSummary } from "../core/summary.js";
import { parseTarget } from "../core/targets.js";
import { download, type EngineOptions, extraHosts, redownload, rowFromCsv } from "../engine.js";
import { ConfigError, DownloadError, UsageError } from "../errors.js";
import type { HistoryRow } from "../history/columns.js";
import { readCsv } from "../history/csv-file.js";
import { LockTimeoutError } from "../history/lock.js";
import { detectLang, LANGS, type Lang, type Messages, messages } from "../i18n/index.js";
import { Notifier } from "../notify/notifier.js";
import { systemClock } from "../platform/clock.js";
import { USER_AGENT, VERSION } from "../version.js";
import { confirm } from "./confirm.js";
import { jsonRenderer, plainRenderer } from "./render.js";
import { nodeSpawner, type RunReport, runSchedule } from "./schedule.js";

export interface Io {
	stdout: NodeJS.WritableStream & { isTTY?: boolean };
	stderr: NodeJS.WritableStream;
	stdin: NodeJS.ReadableStream & { isTTY?: boolean };
	env: NodeJS.ProcessEnv;
	cwd: string;
	/** Aborted on Ctrl-C. */
	signal: AbortSignal;
}

interface CommonOpts {
	config?: string;
	baseUrl?: string;
	json?: boolean;
	quiet?: boolean;
	verbose?: boolean;
	progress?: boolean;
	lang?: Lang;
}

interface DownloadOpts extends CommonOpts {
	type?: Category;
	output?: string;
	fileId?: number;
	force?: boolean;
	verify?: boolean;
	dryRun?: boolean;
	yes?: boolean;
	sleep?: number;
	retryDelays?: number[];
	speedThreshold?: number;
	slowDuration?: number;
	failedOut?: string;
	from?: string;
	lockTimeout?: number;
}

function nonNegative(flag: string) {
	return (v: string) => {
		const n = Number(v);
		if (v.trim() === "" || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${flag} takes a number of 0 or more, not "${v}".`);
		return n;
	};
}

function positiveInt(flag: string) {
	return (v: string) => {
		if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(`${flag} takes a positive whole number, not "${v}".`);
		return Number(v);
	};
}

function category(v: string): Category {
	const c = parseCategory(v);
	if (!c)
		throw new InvalidArgumentError(
			`"${v}" is not a category (checkpoint, lora, embedding, vae, controlnet, upscaler, hypernetwork, motion, other).`,
		);
	return c;
}

function addCommon(cmd: Command): Command {
	return cmd
		.option("--config <file>", "config file (default: the per-user config folder; env CIVITAI_DL_CONFIG)")
		.option("--base-url <url>", "Civitai-compatible server (env CIVITAI_BASE_URL; default https://civitai.com)")
		.option("--json", "NDJSON events on stdout, nothing else there")
		.option("-q, --quiet", "only failures and the summary")
		.option("-v, --verbose", "more detail, and stack traces for unexpected errors")
		.option("--no-progress", "no live progress line; plain lines only")
		.addOption(new Option("--lang <lang>", "language of messages (default: from LC_ALL/LC_MESSAGES/LANG, else en)").choices(LANGS));
}

function addDownload(cmd: Command): Command {
	return addCommon(cmd)
		.option("--type <category>", "put the files in this category's folder", category)
		.option("-o, --output <dir>", "put the files in this folder")
		.option("--file-id <id>", "download this file of the version instead of the primary one", positiveInt("--file-id"))
		.option("--force", "download again even if the file exists, replacing it atomically")
		.option("--no-verify", "do not compare the SHA-256 with Civitai's")
		.option("--dry-run", "print the plan (order, sizes, targets, skips) and download nothing")
		.option("--sleep <seconds>", "pause after each completed download (default 5)", nonNegative("--sleep"))
		.addOption(
			new Option("--retry-delays <s,s,...>", "waits before each retry of a rate-limited download (default 60,180,300)").argParser((v) => {
				try {
					return parseDelayList(v);
				} catch (e) {
					throw new InvalidArgumentError((e as Error).message);
				}
			}),
		)
		.option(
			"--speed-threshold <KiB/s>",
			"slower than this for --slow-duration counts as throttled (default 10)",
			nonNegative("--speed-threshold"),
		)
		.option("--slow-duration <seconds>", "how long the speed may stay below the threshold (default 30)", nonNegative("--slow-duration"))
		.option("--failed-out <csv>", "where to write the failed list (default: next to the history)")
		.option(
			"--lock-timeout <seconds>",
			"how long to wait while another civitai-dl run uses the same history (default 600)",
			nonNegative("--lock-timeout"),
		);
}

async function settingsFor(opts: CommonOpts & DownloadOpts, io: Io): Promise<LoadedSettings> {
	const flags: SettingFlags = {};
	if (opts.config !== undefined) flags.config = opts.config;
	if (opts.baseUrl !== undefined) {
		if (!/^https?:\/\/[^/]+/.test(opts.baseUrl))
			throw new UsageError(`--base-url "${opts.baseUrl}" must be an http(s) URL such as https://civitai.com.`);
		flags.baseUrl = opts.baseUrl;
	}
	if (opts.sleep !== undefined) flags.sleep = opts.sleep;
	if (opts.retryDelays !== undefined) flags.retryDelays = opts.retryDelays;
	if (opts.speedThreshold !== undefined) flags.speedThreshold = opts.speedThreshold;
	if (opts.slowDuration !== undefined) flags.slowDuration = opts.slowDuration;
	if (opts.lockTimeout !== undefined) flags.lockTimeout = opts.lockTimeout;
	const loaded = await loadSettings({ env: io.env, cwd: io.cwd, flags });
	for (const w of loaded.warnings) io.stderr.write(`warning: ${w}\n`);
	return loaded;
}

function notifierFor(settings: Settings, m: Messages): Notifier {
	return new Notifier(settings.webhooks, m, {
		timeoutMs: settings.webhookTimeoutMs,
		retryDelaysMs: settings.webhookRetryDelaysMs,
		clock: systemClock,
		userAgent: USER_AGENT,
	});
}

function engineOptions(opts: DownloadOpts, loaded: LoadedSettings, io: Io): EngineOptions {
	const live = !opts.json && opts.progress !== false && io.stdout.isTTY === true;
	const out = { stdout: io.stdout, stderr: io.stderr, now: () => Date.now() };
	const m = messages(detectLang(opts.lang, io.env));
	const onEvent = opts.json
		? jsonRenderer(out)
		: plainRenderer(out, { quiet: opts.quiet === true, live, verbose: opts.verbose === true, m });
	return {
		settings: loaded.settings,
		onEvent,
		signal: io.signal,
		notifier: notifierFor(loaded.settings, m),
		lock: { timeoutMs: loaded.settings.lockTimeoutMs },
		...(opts.force ? { force: true } : {}),
		...(opts.verify === false ? { verify: false } : {}),
		...(opts.dryRun ? { dryRun: true } : {}),
		...(opts.output !== undefined ? { output: resolve(io.cwd, opts.output) } : {}),
		...(opts.type !== undefined ? { category: opts.type } : {}),
		...(opts.fileId !== undefined ? { fileId: opts.fileId } : {}),
		...(opts.failedOut !== undefined ? { failedOut: resolve(io.cwd, opts.failedOut) } : {}),
	};
}

async function readRows(path: string, io: Io, json: boolean): Promise<HistoryRow[]> {
	const read = await readCsv(path);
	for (const w of read.warnings) {
		const msg = `${path} line ${w.line} is skipped: ${w.reason}`;
		if (json) io.stdout.write(`${JSON.stringify({ type: "warning", message: msg })}\n`);
		else io.stderr.write(`warning: ${msg}\n`);
	}
	return read.rows.map(rowFromCsv);
}

interface Result {
	code: number;
	summary?: RunSummary;
}

function buildProgram(io: Io, result: Result): Command {
	const program = new Command("civitai-dl")
		.description("Download models from Civitai and keep your model library complete.")
		.version(VERSION, "-V, --version")
		.showSuggestionAfterError(true)
		.exitOverride()
		.configureOutput({
			writeOut: (s) => io.stdout.write(s),
			writeErr: (s) => io.stderr.write(s),
		});

	addDownload(
		program
			.command("get")
			.description("download one or more models now")
			.argument("<target...>", "URL, AIR, model:ID, version:V or a number"),
	).action(async (targets: string[], opts: DownloadOpts) => {
		const loaded = await settingsFor(opts, io);
		const summary = await download(targets, engineOptions(opts, loaded, io));
		result.code = exitCodeFor(summary);
		result.summary = summary;
	});

	addDownload(
		program
			.command("redownload")
			.description("download again: `all` of the history in priority order, one target, or --from a failed list")
			.argument("[target]", "`all`, or a target (URL, AIR, model:ID, version:V)")
			.option("--from <csv>", "the rows of a failed list or any history-format CSV")
			.option("-y, --yes", "do not ask for confirmation"),
	).action(async (target: string | undefined, opts: DownloadOpts) => {
		if ((target === undefined) === (opts.from === undefined)) {
			throw new UsageError("redownload takes either `all`, a target, or --from <csv> (exactly one of them).");
		}
		const loaded = await settingsFor(opts, io);
		const eo = engineOptions(opts, loaded, io);
		let summary: RunSummary;
		if (opts.from !== undefined) {
			const path = resolve(io.cwd, opts.from);
			const rows = await readRows(path, io, opts.json === true);
			if (rows.length === 0) throw new UsageError(`${path} has no rows to download.`);
			summary = await redownload(rows, { ...eo, ordered: false });
		} else if (target === "all") {
			const rows = dedupeHistory(await readRows(loaded.settings.historyFile, io, opts.json === true));
			if (rows.length === 0) {
				throw new UsageError(`The history ${loaded.settings.historyFile} is empty; download something with \`civitai-dl get\` first.`);
			}
			if (!opts.yes && !opts.force && !opts.dryRun) {
				const known = rows.map((r) => Number(r.size_bytes)).filter((n) => Number.isFinite(n) && n > 0);
				const size = `${formatBytes(known.reduce((a, b) => a + b, 0))}${known.length < rows.length ? ` (+${rows.length - known.length} of unknown size)` : ""}`;
				if (io.stdin.isTTY !== true) {
					throw new UsageError(
						`redownload all would process ${rows.length} items (${size}); there is no terminal to confirm on, so pass --yes to run it.`,
					);
				}
				const ok = await confirm(
					`Re-download ${rows.length} items (${size}) from ${loaded.settings.historyFile}? [y/N] `,
					{ stdin: io.stdin, stdout: io.stdout },
					io.signal,
				);
				if (!ok) {
					io.stdout.write("Nothing was downloaded.\n");
					result.code = 0;
					return;
				}
			}
			summary = await redownload(rows, eo);
		} else if (target !== undefined) {
			// one target: its history row if it has one (keeps the recorded folder), else the target itself
			const parsed = parseTarget(target, extraHosts(loaded.settings.baseUrl));
			const rows = dedupeHistory(await readRows(loaded.settings.historyFile, io, opts.json === true));
			const match = rows.filter((r) => {
				const v = Number(r.version_id);
				if (parsed.kind === "version")
					return v === parsed.versionId && (parsed.fileId === undefined || Number(r.file_id) === parsed.fileId);
				if (parsed.kind === "model")
					return Number(r.model_id) === parsed.modelId && (parsed.versionId === undefined || v === parsed.versionId);
				return v === parsed.id;
			});
			summary = match.length > 0 ? await redownload(match, { ...eo, force: true }) : await download([target], { ...eo, force: true });
		} else {
			throw new UsageError("redownload needs `all`, a target, or --from <csv>.");
		}
		result.code = exitCodeFor(summary);
		result.summary = summary;
	});

	addCommon(program.command("history").description("the history, de-duplicated, in file order")).action(async (opts: CommonOpts) => {
		const loaded = await settingsFor(opts, io);
		const rows = dedupeHistory(await readRows(loaded.settings.historyFile, io, opts.json === true));
		if (opts.json) {
			io.stdout.write(`${JSON.stringify(rows)}\n`);
		} else if (rows.length === 0) {
			io.stdout.write(`The history ${loaded.settings.historyFile} is empty.\n`);
		} else {
			for (const r of rows) {
				const size = Number(r.size_bytes) > 0 ? formatBytes(Number(r.size_bytes)) : "?";
				io.stdout.write(`${r.timestamp}  ${(r.model_type || "?").padEnd(11)} ${size.padStart(9)}  ${r.filename}  ${r.url}\n`);
			}
			io.stdout.write(`${rows.length} entries in ${loaded.settings.historyFile}\n`);
		}
		result.code = 0;
	});

	const notify = program.command("notify").description("webhook notifications");
	addCommon(notify.command("test").description("send a test message to every configured webhook")).action(async (opts: CommonOpts) => {
		const loaded = await settingsFor(opts, io);
		const m = messages(detectLang(opts.lang, io.env));
		if (loaded.settings.webhooks.length === 0) throw new UsageError(m.notifyNoWebhooks({ config: loaded.configPath }));
		const deliveries = await notifierFor(loaded.settings, m).test();
		for (const d of deliveries) {
			if (opts.json) io.stdout.write(`${JSON.stringify({ type: "notify", ...d, time: new Date().toISOString() })}\n`);
			else if (d.ok) io.stdout.write(`${m.notifySent(d)}\n`);
			else io.stderr.write(`${m.notifyNotSent({ hook: d.hook, attempts: d.attempts, reason: d.reason ?? "" })}\n`);
		}
		result.code = deliveries.every((d) => d.ok) ? 0 : 1;
	});

	program
		.command("schedule")
		.description('run `civitai-dl <args>` on a cron schedule, in the foreground: schedule "0 3 * * *" -- redownload all --yes')
		.argument("<cron>", "cron expression: 5 fields (minute hour day month weekday) or 6 with seconds first, or @daily/@hourly")
		.argument("[args...]", "the civitai-dl command to run, after --")
		.option("--tz <zone>", "time zone of the cron expression, e.g. Asia/Tokyo (default: this machine's)")
		.option("--max-runs <n>", "stop after this many runs (default: run until Ctrl-C)", positiveInt("--max-runs"))
		.addOption(new Option("--lang <lang>", "language of messages").choices(LANGS))
		.action(async (cron: string, args: string[], opts: { tz?: string; maxRuns?: number; lang?: Lang }) => {
			const m = messages(detectLang(opts.lang, io.env));
			if (opts.tz !== undefined) {
				try {
					new Intl.DateTimeFormat("en", { timeZone: opts.tz });
				} catch {
					throw new UsageError(`--tz "${opts.tz}" is not a time zone; use a name like Asia/Tokyo or UTC.`);
				}
			}
			const redownloadCmd = program.commands.find((c) => c.name() === "redownload")!;
			const valueFlags = new Set(
				redownloadCmd.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)),
			);
			const entry = process.argv[1] ?? "";
			result.code = await runSchedule({
				cron,
				...(opts.tz !== undefined ? { tz: opts.tz } : {}),
				args,
				valueFlags,
				...(opts.maxRuns !== undefined ? { maxRuns: opts.maxRuns } : {}),
				m,
				// on a terminal a run's live progress line may be on screen: clear it first
				say: (line) => io.stdout.write(`${io.stdout.isTTY ? "\r\x1b[K" : ""}${line}\n`),
				clock: systemClock,
				signal: io.signal,
				spawnRun: nodeSpawner({
					entry,
					execArgv: process.execArgv,
					env: io.env,
					cwd: io.cwd,
					inherit: io.stdout === process.stdout && io.stderr === process.stderr,
					stdout: io.stdout,
					stderr: io.stderr,
				}),
			});
		});
	return program;
}

/** For `schedule`: the child run reports its outcome through the file named by CIVITAI_DL_RUN_REPORT. */
async function writeRunReport(io: Io, result: Result): Promise<void> {
	const path = io.env.CIVITAI_DL_RUN_REPORT;
	if (!path) return;
	const report: RunReport = {
		exitCode: result.code,
		failedListPath: result.summary?.failedListPath ?? null,
		stoppedBy: result.summary?.stoppedBy ?? null,
	};
	await writeFile(path, JSON.stringify(report)).catch(() => {});
}

function langFlag(argv: readonly string[]): string | undefined {
	const i = argv.indexOf("--lang");
	return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--lang="))?.slice(7);
}

function lockTimeoutOf(argv: readonly string[]): number {
	const i = argv.indexOf("--lock-timeout");
	const v = Number(i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--lock-timeout="))?.slice(15));
	return Number.isFinite(v) ? v * 1000 : 600_000;
}

/** Run the CLI; returns the exit code. Every effect comes through `io`. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
	const result: Result = { code: 0 };
	const program = buildProgram(io, result);
	const verbose = argv.includes("-v") || argv.includes("--verbose");
	try {
		await program.parseAsync([...argv], { from: "user" });
		await writeRunReport(io, result);
		return result.code;
	} catch (e) {
		if (e instanceof LockTimeoutError) {
			const m = messages(detectLang(langFlag(argv), io.env));
			io.stderr.write(
				`civitai-dl: ${m.lockTimeout({ path: e.path, pid: String(e.owner?.pid ?? "?"), timeout: formatDuration(lockTimeoutOf(argv)) })}\n`,
			);
			return 2;
		}
		if (e instanceof CommanderError) {
			if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.exitCode === 0) return 0;
			return 2; // commander already printed one line saying what was wrong
		}
		if (e instanceof UsageError || e instanceof ConfigError) {
			io.stderr.write(`civitai-dl: ${e.message}\n`);
			return 2;
		}
		if (e instanceof DownloadError) {
			io.stderr.write(`civitai-dl: ${e.message}\n`);
			return 1;
		}
		io.stderr.write(
			`civitai-dl: unexpected error: ${(e as Error)?.message ?? String(e)}${verbose ? "" : " (run with --verbose for details)"}\n`,
		);
		if (verbose && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
		return 1;
	}
}
