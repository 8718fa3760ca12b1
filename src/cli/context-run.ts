// What the commands' actions share: settings, history rows, the notifier and the run's display. Loaded
// with the first action (never for `--help`): it brings the validator, the engine and undici.
import { resolve } from "node:path";
import { type LoadedSettings, loadSettings, type SettingFlags, type Settings } from "../config/load.js";
import { printable } from "../core/inside-folders.js";
import { whereWithoutConfig } from "../core/no-config.js";
import { notifies } from "../core/notify-when.js";
import { cleanDeep } from "../core/text.js";
import type { RunEvent } from "../download/events.js";
import { type EngineOptions, type RowIn, rowFromCsv } from "../engine.js";
import { CsvReadError, UsageError, wordsOf } from "../errors.js";
import { MAX_LIST_BYTES, readCsv } from "../history/csv-file.js";
import { msg, word } from "../i18n/msg.js";
import { rowsHere } from "../library/entries.js";
import { Notifier } from "../notify/notifier.js";
import { exists } from "../platform/fs.js";
import { Requests } from "../requests/requests.js";
import { withSidecarFlag } from "../sidecars/settings.js";
import { type Ctx, uiFor, warn } from "./context.js";
import { LiveDisplay } from "./live.js";
import { type CommonOpts, type DownloadOpts, SETTING_FLAGS } from "./options.js";
import { jsonRenderer, plainRenderer } from "./render.js";

export async function settingsFor(ctx: Ctx, opts: DownloadOpts): Promise<LoadedSettings> {
	const flags: SettingFlags = {};
	if (opts.config !== undefined) flags.config = opts.config;
	if (opts.baseUrl !== undefined && !/^https?:\/\/[^/]+/.test(opts.baseUrl))
		throw new UsageError(msg("cliBadBaseUrl", { value: opts.baseUrl }));
	if (opts.redBaseUrl !== undefined && !/^https?:\/\/[^/]+/.test(opts.redBaseUrl))
		throw new UsageError(msg("cliBadRedBaseUrl", { value: opts.redBaseUrl }));
	for (const [flag, setting] of Object.entries(SETTING_FLAGS)) {
		const value = opts[flag as keyof typeof SETTING_FLAGS];
		if (value !== undefined) (flags as Record<string, unknown>)[setting] = value;
	}
	const loaded = await loadSettings({ env: ctx.io.env, cwd: ctx.io.cwd, flags });
	for (const w of loaded.warnings) warn(ctx, opts, word(ctx.m, w));
	return loaded;
}

/**
 * Without a config file the defaults resolve against the current folder: a run that writes says once
 * where its models and history go, and how to choose (issue 27, point 19). With --json, a `warning` event.
 */
export function sayWhereWithoutConfig(ctx: Ctx, opts: DownloadOpts, loaded: LoadedSettings): void {
	const { settings } = loaded;
	const where = whereWithoutConfig({
		configFound: loaded.configFound,
		dryRun: opts.dryRun === true,
		cwd: ctx.io.cwd,
		historyFile: settings.historyFile,
		downloadPaths: Object.values(settings.downloadPaths),
		pathsDefault: loaded.sources.downloadPaths === "default",
		output: opts.output !== undefined,
	});
	if (where) warn(ctx, opts, ctx.m.warnNoConfig({ config: loaded.configPath, ...where }));
}

/**
 * The rows of a history-format CSV; skipped lines are warned about with file and line. A file the
 * user named (`--from`) must exist; one that cannot be read is bad input (exit 2).
 */
export async function readRows(ctx: Ctx, opts: CommonOpts, path: string, named = false): Promise<RowIn[]> {
	const full = resolve(ctx.io.cwd, path);
	if (named && !(await exists(full))) throw new UsageError(msg("cliNoSuchFile", { path: full }));
	// a file that cannot be read throws CsvReadError (exit 2); the history's says which setting names it
	// a list someone named (`--from`, perhaps someone else's) is read up to MAX_LIST_BYTES; the history is ours
	const read = await readCsv(full, named ? { maxBytes: MAX_LIST_BYTES } : undefined).catch((e: unknown) => {
		if (named || !(e instanceof CsvReadError)) throw e;
		throw new CsvReadError(msg("cliHistoryUnreadable", { why: wordsOf(e, ctx.m) }), e.file, e);
	});
	// a file that is not a history at all would print a line per row: the first ones say enough
	for (const w of read.warnings.slice(0, MAX_CSV_WARNINGS)) warn(ctx, opts, word(ctx.m, w.msg));
	const more = read.warnings.length - MAX_CSV_WARNINGS;
	if (more > 0) warn(ctx, opts, ctx.m.csvMoreSkipped({ file: full, count: more }));
	return read.rows.map(rowFromCsv);
}

const MAX_CSV_WARNINGS = 20;

/**
 * History rows as this machine reads them: a path written on another system (`D:\...` here on
 * Linux) is where its file is here, in its category folder (library/entries.ts), said once with the count.
 */
export function rowsReadHere<R extends RowIn>(ctx: Ctx, opts: CommonOpts, rows: readonly R[], settings: Settings): R[] {
	const here = rowsHere(rows, settings.downloadPaths);
	if (here.mapped > 0) {
		const example = printable(rows.find((r, i) => r.path !== here.rows[i]!.path)!.path);
		warn(ctx, opts, ctx.m.warnForeignPaths({ count: here.mapped, example }));
	}
	return here.rows;
}

/**
 * The run's webhooks: all of them when this run sends them (`notify`: `--notify` / `--no-notify`;
 * else `notifications.when`, by default only runs without a terminal: cron, and `schedule`'s runs),
 * else none. `notify test` passes true.
 */
export async function notifierFor(ctx: Ctx, settings: Settings, notify: boolean | undefined): Promise<Notifier> {
	const unattended = ctx.io.stdin.isTTY !== true || ctx.io.env.CIVITAI_DL_RUN_REPORT !== undefined;
	const hooks = notifies(notify, settings.notifyWhen, unattended) ? settings.webhooks : [];
	return new Notifier(hooks, ctx.m, {
		http: await ctx.http(),
		signal: ctx.io.signal,
		timeoutMs: settings.webhookTimeoutMs,
		retryDelaysMs: settings.webhookRetryDelaysMs,
	});
}

/**
 * What every command that downloads (get, redownload, update) gives the engine: the settings with the
 * sidecar flag, the display, Ctrl-C, webhooks, the clock, the lock, the language, lanes and connections,
 * verification and the failed list's place.
 */
export async function runEngineOptions(
	ctx: Ctx,
	opts: DownloadOpts,
	loaded: LoadedSettings,
	onEvent: EngineOptions["onEvent"],
): Promise<EngineOptions> {
	const { settings } = loaded;
	// the run's way out to Civitai: pacing from the settings, its waits shown as the run's `wait` events
	const requests = new Requests({
		http: await ctx.http(),
		settings,
		signal: ctx.io.signal,
		onPacingWait: (delayMs, item) => onEvent?.({ type: "wait", delayMs, reason: "pacing", ...item }),
	});
	return {
		settings: { ...settings, sidecars: withSidecarFlag(settings.sidecars, opts.sidecars) },
		...(onEvent ? { onEvent } : {}),
		signal: ctx.io.signal,
		notifier: await notifierFor(ctx, settings, opts.notify),
		requests,
		clock: ctx.clock,
		lock: { timeoutMs: loaded.settings.lockTimeoutMs },
		lang: ctx.lang,
		messages: ctx.m,
		...(opts.verify === false ? { verify: false } : {}),
		...(opts.failedOut !== undefined ? { failedOut: resolve(ctx.io.cwd, opts.failedOut) } : {}),
		again: againFor(ctx, opts, loaded),
	};
}

/**
 * The words that name this run's set-up in a command printed to run again: the config file when one
 * was named (`--config`, CIVITAI_DL_CONFIG) and the sites when a flag or the environment set them, so
 * that a copied command reads the same config and history and asks the same site. Never the key.
 */
export function againFor(ctx: Ctx, opts: CommonOpts, loaded: LoadedSettings): string[] {
	const { settings, sources } = loaded;
	const named = opts.config !== undefined || ctx.io.env.CIVITAI_DL_CONFIG !== undefined;
	const outside = (key: keyof Settings) => sources[key] === "flag" || sources[key] === "env";
	return [
		...(named && loaded.configFound ? ["--config", loaded.configPath] : []),
		...(outside("baseUrl") ? ["--base-url", settings.baseUrl] : []),
		...(outside("redBaseUrl") && settings.redBaseUrl !== null ? ["--red-base-url", settings.redBaseUrl] : []),
	];
}

/** The run's output: NDJSON, live bars on a terminal, or plain lines. `close` restores the terminal. */
export function rendererFor(ctx: Ctx, opts: DownloadOpts): { onEvent: (e: RunEvent) => void; close: () => void } {
	const io = ctx.io;
	const out = { stdout: io.stdout, stderr: io.stderr, now: () => ctx.clock.now() };
	if (opts.json) return { onEvent: jsonRenderer(out), close: () => {} };
	const ui = uiFor(ctx, opts);
	const style = { quiet: opts.quiet === true, verbose: opts.verbose === true, dryRun: opts.dryRun === true };
	// no escape code from a server or a shared CSV reaches the terminal (NDJSON escapes them itself)
	const clean = (render: (e: RunEvent) => void) => (e: RunEvent) => render(cleanDeep(e, { keepNewlines: true }));
	if (io.stdout.isTTY === true && opts.progress !== false && !opts.quiet) {
		const live = new LiveDisplay(out, ui, style);
		return { onEvent: clean(live.onEvent), close: () => live.stop() };
	}
	return { onEvent: clean(plainRenderer(out, ui, style)), close: () => {} };
}
