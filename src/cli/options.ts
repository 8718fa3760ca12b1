import { type Command, InvalidArgumentError, Option } from "commander";
import { LAYOUTS, type Layout } from "../config/layouts.js";
import type { Settings } from "../config/load.js";
import { parseDelayList } from "../config/paths.js";
import { CATEGORIES, type Category, parseCategory } from "../core/categories.js";
import { FOLDER_LAYOUTS, type FolderLayout } from "../core/folder-layout.js";
import { MODEL_TYPES, parseModelTypes, parseSize, splitList } from "../core/list-options.js";
import { UsageError, wordsOf } from "../errors.js";
import { LANGS, type Lang, type Messages } from "../i18n/index.js";

/** Options every command takes. */
export interface CommonOpts {
	config?: string;
	baseUrl?: string;
	redBaseUrl?: string;
	json?: boolean;
	quiet?: boolean;
	verbose?: boolean;
	progress?: boolean;
	color?: boolean;
	lang?: Lang;
}

/**
 * Options of get and redownload. The flags that set a setting (see `SETTING_FLAGS`) hold the value in
 * the setting's own unit: their parsers turn seconds into ms and KiB/s into bytes per second.
 */
export interface DownloadOpts extends CommonOpts {
	type?: Category;
	output?: string;
	fileId?: number;
	force?: boolean;
	verify?: boolean;
	dryRun?: boolean;
	yes?: boolean;
	/** ms */
	sleep?: number;
	/** ms each */
	retryDelays?: number[];
	/** ms each */
	networkDelays?: number[];
	outageAfter?: number;
	/** bytes per second */
	speedThreshold?: number;
	/** ms */
	slowDuration?: number;
	failedOut?: string;
	from?: string;
	/** ms */
	lockTimeout?: number;
	/** ms (`import --lookup-pause`) */
	lookupPause?: number;
	layout?: Layout;
	root?: string;
	folderLayout?: FolderLayout;
	concurrency?: number;
	connections?: number;
	/** `--sidecars` (true) / `--no-sidecars` (false); undefined: as configured. */
	sidecars?: boolean;
	/** `--notify` (true) / `--no-notify` (false); undefined: as `notifications.when` says. */
	notify?: boolean;
}

/**
 * The one table from flags to settings: a flag's attribute → the setting it sets, its value already in
 * the setting's unit. `settingsFor` copies what was given; a new setting's flag is one line here.
 */
export const SETTING_FLAGS = {
	baseUrl: "baseUrl",
	redBaseUrl: "redBaseUrl",
	sleep: "sleepMs",
	retryDelays: "retryDelaysMs",
	networkDelays: "networkRetryDelaysMs",
	outageAfter: "outageAfterFailures",
	speedThreshold: "speedThresholdBps",
	slowDuration: "slowWindowMs",
	lockTimeout: "lockTimeoutMs",
	lookupPause: "lookupPauseMs",
	layout: "layout",
	root: "root",
	folderLayout: "folderLayout",
	concurrency: "smallFiles",
	connections: "connectionsPerFile",
} as const satisfies { [K in keyof DownloadOpts]?: keyof Settings };

export function nonNegative(flag: string, m: Messages) {
	return (v: string) => {
		const n = Number(v);
		if (v.trim() === "" || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(m.cliBadNumber({ flag, value: v }));
		return n;
	};
}

export function positiveInt(flag: string, m: Messages) {
	return (v: string) => {
		if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(m.cliBadInt({ flag, value: v }));
		return Number(v);
	};
}

/** Seconds on the command line, milliseconds in the settings. */
export function secondsAsMs(flag: string, m: Messages) {
	const seconds = nonNegative(flag, m);
	return (v: string) => Math.round(seconds(v) * 1000);
}

/** KiB/s on the command line, bytes per second in the settings. */
function kibAsBytes(flag: string, m: Messages) {
	const kib = nonNegative(flag, m);
	return (v: string) => kib(v) * 1024;
}

/** A whole number of 0 or more (0 turns the thing off). */
function nonNegativeInt(flag: string, m: Messages) {
	return (v: string) => {
		if (!/^\d+$/.test(v)) throw new InvalidArgumentError(m.cliBadNumber({ flag, value: v }));
		return Number(v);
	};
}

/** A `60,180,300` list of seconds, as milliseconds. */
function delayList(m: Messages, flag: string) {
	return (v: string) => {
		try {
			return parseDelayList(v, flag).map((s) => Math.round(s * 1000));
		} catch (e) {
			throw new InvalidArgumentError(e instanceof UsageError ? wordsOf(e, m) : String(e));
		}
	};
}

export function upTo(flag: string, max: number, m: Messages) {
	return (v: string) => {
		if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new InvalidArgumentError(m.cliBadRange({ flag, value: v, max }));
		return Number(v);
	};
}

export function oneOf<T extends string>(flag: string, choices: readonly T[], m: Messages) {
	return (v: string): T => {
		if (!(choices as readonly string[]).includes(v))
			throw new InvalidArgumentError(m.cliBadChoice({ flag, value: v, choices: choices.join(", ") }));
		return v as T;
	};
}

function category(m: Messages) {
	return (v: string): Category => {
		const c = parseCategory(v);
		if (!c) throw new InvalidArgumentError(m.cliBadCategory({ value: v, categories: CATEGORIES.join(", ") }));
		return c;
	};
}

export const LAYOUT_NAMES = Object.keys(LAYOUTS) as Layout[];

/** `--lang`, read before commander runs: help and commander's own errors need the language first. */
export function langFromArgv(argv: readonly string[]): Lang | undefined {
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === "--") break;
		const v = a === "--lang" ? argv[i + 1] : a.startsWith("--lang=") ? a.slice(7) : undefined;
		if (v !== undefined) return (LANGS as readonly string[]).includes(v) ? (v as Lang) : undefined;
	}
	return undefined;
}

/**
 * What every command takes: its config, JSON output, less or more words, the language. A command
 * takes only the options that do something for it (docs/commands.md, "Which command takes which option"):
 * `addSites` for those that ask Civitai (or write or show the sites), `addDisplay` for those with a
 * live display and colours.
 */
export function addCommon(cmd: Command, m: Messages, json = m.helpOptJson()): Command {
	return cmd
		.option("--config <file>", m.helpOptConfig())
		.option("--json", json)
		.option("-q, --quiet", m.helpOptQuiet())
		.option("-v, --verbose", m.helpOptVerbose())
		.addOption(new Option("--lang <lang>", m.helpOptLang()).argParser(oneOf("--lang", LANGS, m)));
}

/** `--base-url`, `--red-base-url`: for the commands that ask Civitai, and `config init` / `config show`. */
export function addSites(cmd: Command, m: Messages): Command {
	return cmd.option("--base-url <url>", m.helpOptBaseUrl()).option("--red-base-url <url>", m.helpOptRedBaseUrl());
}

/** `--no-progress`, `--no-color`: for the commands that draw live lines and colours on a terminal. */
export function addDisplay(cmd: Command, m: Messages): Command {
	return cmd.option("--no-progress", m.helpOptNoProgress()).option("--no-color", m.helpOptNoColor());
}

/** `--lookup-pause`: for the commands that look things up on Civitai (the setting `lookup_pause`). */
export function addLookupPause(cmd: Command, m: Messages): Command {
	return cmd.option("--lookup-pause <seconds>", m.helpOptLookupPause(), secondsAsMs("--lookup-pause", m));
}

export function addDownload(cmd: Command, m: Messages): Command {
	const c = addDisplay(addSites(addCommon(cmd, m), m), m)
		.option("--type <category>", m.helpOptType(), category(m))
		.option("-o, --output <dir>", m.helpOptOutput())
		.option("--file-id <id>", m.helpOptFileId(), positiveInt("--file-id", m))
		.option("--force", m.helpOptForce())
		.option("--dry-run", m.helpOptDryRun());
	return addRunOptions(c, m)
		.option("--layout <ui>", m.helpOptLayout(), oneOf("--layout", LAYOUT_NAMES, m))
		.option("--root <dir>", m.helpOptRoot())
		.option("--folder-layout <template>", m.helpOptFolderLayout(), oneOf("--folder-layout", FOLDER_LAYOUTS, m));
}

/** How a run downloads (pacing, retries, speed, parallelism, verification, sidecars): `get`, `redownload`, `update`. */
export function addRunOptions(cmd: Command, m: Messages): Command {
	return cmd
		.option("--no-verify", m.helpOptNoVerify())
		.option("--sleep <seconds>", m.helpOptSleep(), secondsAsMs("--sleep", m))
		.addOption(new Option("--retry-delays <s,s,...>", m.helpOptRetryDelays()).argParser(delayList(m, "--retry-delays")))
		.addOption(new Option("--network-delays <s,s,...>", m.helpOptNetworkRetryDelays()).argParser(delayList(m, "--network-delays")))
		.option("--outage-after <n>", m.helpOptOutageAfter(), nonNegativeInt("--outage-after", m))
		.option("--speed-threshold <KiB/s>", m.helpOptSpeedThreshold(), kibAsBytes("--speed-threshold", m))
		.option("--slow-duration <seconds>", m.helpOptSlowDuration(), secondsAsMs("--slow-duration", m))
		.option("--lookup-pause <seconds>", m.helpOptLookupPause(), secondsAsMs("--lookup-pause", m))
		.option("--failed-out <csv>", m.helpOptFailedOut())
		.option("--lock-timeout <seconds>", m.helpOptLockTimeout(), secondsAsMs("--lock-timeout", m))
		.option("--concurrency <n>", m.helpOptConcurrency(), upTo("--concurrency", 16, m))
		.option("--connections <n>", m.helpOptConnections(), upTo("--connections", 16, m))
		.option("--sidecars", m.helpOptSidecars())
		.option("--no-sidecars", m.helpOptNoSidecars())
		.option("--notify", m.helpOptNotifyRun())
		.option("--no-notify", m.helpOptNoNotify());
}

/** The options of the listing sources (issue 28): `get` and `search --get`. */
export interface SourceOpts {
	allVersions?: boolean;
	types?: string[];
	baseModels?: string[];
	limit?: number;
	maxSize?: number;
}

function modelTypes(m: Messages) {
	return (v: string): string[] => {
		const r = parseModelTypes(v);
		if ("bad" in r) throw new InvalidArgumentError(m.cliBadTypes({ value: r.bad, types: MODEL_TYPES.join(", ") }));
		return r.types;
	};
}

function size(flag: string, m: Messages) {
	return (v: string): number => {
		const n = parseSize(v);
		if (n === undefined) throw new InvalidArgumentError(m.cliBadSize({ flag, value: v }));
		return n;
	};
}

/** `--all-versions`, `--types`, `--base-models`, `--limit`, `--max-size`: the filters of every listing source. */
export function addSourceOptions(cmd: Command, m: Messages, limitHelp = m.helpOptListLimit()): Command {
	return cmd
		.option("--all-versions", m.helpOptAllVersions())
		.addOption(new Option("--types <types>", m.helpOptTypes()).argParser(modelTypes(m)))
		.addOption(new Option("--base-models <models>", m.helpOptBaseModels()).argParser((v: string) => splitList(v)))
		.option("--limit <n>", limitHelp, positiveInt("--limit", m))
		.addOption(new Option("--max-size <size>", m.helpOptMaxSize()).argParser(size("--max-size", m)));
}
