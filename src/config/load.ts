import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import envPaths from "env-paths";
import type { z } from "zod";
import { CATEGORIES, type Category } from "../core/categories.js";
import { ConfigError, UsageError } from "../errors.js";
import { type Msg, msg } from "../i18n/msg.js";
import type { Webhook } from "../notify/payloads.js";
import { findJsonError, type JsonProblem, lineOf } from "./json-error.js";
import { type ConfigFile, ConfigFileSchema, DEFAULT_DOWNLOAD_PATHS, KNOWN_KEYS, LAYOUTS, type Layout } from "./schema.js";

/** Effective settings, every path absolute, every duration in ms. */
export interface Settings {
	apiKey: string;
	baseUrl: string;
	downloadPaths: Record<Category, string>;
	historyFile: string;
	sleepMs: number;
	retryDelaysMs: number[];
	/** bytes per second (config is KiB/s) */
	speedThresholdBps: number;
	slowWindowMs: number;
	smallFiles: number;
	connectionsPerFile: number;
	layout: Layout | null;
	root: string | null;
	webhooks: Webhook[];
	webhookTimeoutMs: number;
	webhookRetryDelaysMs: number[];
	/** How long to wait for another process's history lock. */
	lockTimeoutMs: number;
}

export type Source = "default" | "file" | "env" | "flag";

export interface LoadedSettings {
	settings: Settings;
	sources: Record<keyof Settings, Source>;
	/** The config file consulted (it may not exist). */
	configPath: string;
	configFound: boolean;
	warnings: Msg[];
}

/** Overrides from the command line. Values are already parsed and validated. */
export interface SettingFlags {
	config?: string;
	baseUrl?: string;
	sleep?: number;
	retryDelays?: number[];
	speedThreshold?: number;
	slowDuration?: number;
	concurrency?: number;
	connections?: number;
	layout?: Layout;
	root?: string;
	lockTimeout?: number;
}

export function defaultConfigPath(env: NodeJS.ProcessEnv): string {
	// env-paths reads XDG_CONFIG_HOME / APPDATA itself; pass them through by name for testability
	const saved = { XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
	if (env.XDG_CONFIG_HOME !== undefined) process.env.XDG_CONFIG_HOME = env.XDG_CONFIG_HOME;
	try {
		return join(envPaths("civitai-dl", { suffix: "" }).config, "config.json");
	} finally {
		if (saved.XDG_CONFIG_HOME === undefined) delete process.env.XDG_CONFIG_HOME;
		else process.env.XDG_CONFIG_HOME = saved.XDG_CONFIG_HOME;
	}
}

function describeIssue(file: string, issue: z.core.$ZodIssue, raw: unknown, text: string): Msg {
	const key = issue.path
		.map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
		.join(".")
		.replace(/\.\[/g, "[");
	let value: unknown = raw;
	for (const p of issue.path) value = value == null ? undefined : (value as Record<PropertyKey, unknown>)[p as PropertyKey];
	// the API key and webhook URLs are secrets: name the key, never show its value
	const secret = issue.path.some((p) => p === "api_key" || p === "url");
	return msg("cfgInvalid", {
		path: file,
		line: lineOf(text, issue.path) ?? null,
		key: key || "(top level)",
		value: value === undefined ? null : JSON.stringify(value),
		hidden: secret,
		problem: issue.message.replace(/^Invalid input: /, ""),
	});
}

/** Edit distance, for "did you mean" on misspelt keys. */
export function editDistance(a: string, b: string): number {
	const d = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let prev = d[0]!;
		d[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const cur = d[j]!;
			d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
			prev = cur;
		}
	}
	return d[b.length]!;
}

/** The closest known word within a third of its length, if any. */
export function didYouMean(word: string, known: readonly string[]): string | null {
	let best: string | null = null;
	let bestD = Number.POSITIVE_INFINITY;
	for (const k of known) {
		const d = editDistance(word.toLowerCase(), k.toLowerCase());
		if (d < bestD) [best, bestD] = [k, d];
	}
	return best !== null && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

function unknownKeys(raw: Record<string, unknown>, file: string, text: string): Msg[] {
	const out: Msg[] = [];
	for (const [section, known] of Object.entries(KNOWN_KEYS)) {
		const obj = section === "" ? raw : raw[section];
		if (obj === null || typeof obj !== "object" || Array.isArray(obj)) continue;
		for (const k of Object.keys(obj)) {
			if (!known.includes(k)) {
				const suggestion = didYouMean(k, known);
				out.push(
					msg("cfgUnknownKey", {
						path: file,
						line: lineOf(text, section ? [section, k] : [k]) ?? null,
						key: `${section ? `${section}.` : ""}${k}`,
						suggestion: suggestion === null ? null : `${section ? `${section}.` : ""}${suggestion}`,
						known: known.join(", "),
					}),
				);
			}
		}
	}
	return out;
}

const JSON_PROBLEM_KEY = {
	trailing_comma: "cfgJsonTrailingComma",
	single_quote: "cfgJsonSingleQuote",
	comment: "cfgJsonComment",
	ends_early: "cfgJsonEndsEarly",
	other: "cfgNotJson",
} as const satisfies Record<JsonProblem, string>;

async function readConfigFile(path: string): Promise<{ file: ConfigFile; found: boolean; warnings: Msg[] }> {
	let text: string;
	try {
		text = await readFile(path, "utf8");
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		if (code === "ENOENT") return { file: {}, found: false, warnings: [] };
		throw new ConfigError(msg("cfgUnreadable", { path, code: code ?? "?" }));
	}
	let raw: unknown;
	const body = text.replace(/^\uFEFF/, "");
	try {
		raw = JSON.parse(body);
	} catch {
		// V8's message may quote the file around the error (the key, perhaps): say where instead
		const at = findJsonError(body) ?? { line: 1, column: 1, problem: "other" };
		const where = { path, line: at.line, column: at.column };
		const key = JSON_PROBLEM_KEY[at.problem];
		throw new ConfigError(msg(key, where));
	}
	if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
		throw new ConfigError(msg("cfgNotObject", { path }));
	}
	const parsed = ConfigFileSchema.safeParse(raw);
	if (!parsed.success) {
		const first = parsed.error.issues[0]!;
		throw new ConfigError(describeIssue(path, first, raw, body), first.path.join("."));
	}
	return { file: parsed.data, found: true, warnings: unknownKeys(raw as Record<string, unknown>, path, body) };
}

/** defaults < config file < environment < flags, each value remembering where it came from. */
export async function loadSettings(opts: { env: NodeJS.ProcessEnv; cwd: string; flags?: SettingFlags }): Promise<LoadedSettings> {
	const { env, cwd } = opts;
	const flags = opts.flags ?? {};
	const configPath = resolve(cwd, flags.config ?? env.CIVITAI_DL_CONFIG ?? defaultConfigPath(env));
	const { file, found, warnings } = await readConfigFile(configPath);
	const named = flags.config ?? env.CIVITAI_DL_CONFIG;
	if (!found && named !== undefined) {
		throw new ConfigError(
			msg("cfgMissingNamed", { path: configPath, source: flags.config !== undefined ? "--config" : "CIVITAI_DL_CONFIG" }),
		);
	}
	// relative paths in the file resolve against its folder; without a file, against the cwd
	const base = found ? dirname(configPath) : cwd;
	const sources = {} as Record<keyof Settings, Source>;

	function pick<K extends keyof Settings>(
		key: K,
		def: Settings[K],
		fromFile: Settings[K] | undefined,
		fromEnv?: Settings[K],
		fromFlag?: Settings[K],
	): Settings[K] {
		const layers: [Source, Settings[K] | undefined][] = [
			["flag", fromFlag],
			["env", fromEnv],
			["file", fromFile],
		];
		for (const [source, value] of layers) {
			if (value !== undefined) {
				sources[key] = source;
				return value;
			}
		}
		sources[key] = "default";
		return def;
	}

	const envKey = env.CIVITAI_API_KEY || env.CIVITAI_TOKEN || undefined;
	const envBase = env.CIVITAI_BASE_URL || undefined;
	if (envBase !== undefined && !/^https?:\/\/[^/]+/.test(envBase)) {
		throw new ConfigError(msg("cfgBadBaseUrlEnv", { value: envBase }), "CIVITAI_BASE_URL");
	}
	const rl = file.rate_limit_settings ?? {};
	const layout = pick("layout", null, file.layout ?? undefined, undefined, flags.layout);
	const rootRaw = pick("root", null, file.root ?? undefined, undefined, flags.root);
	const root = rootRaw === null ? null : resolve(flags.root !== undefined ? cwd : base, rootRaw);
	if (layout !== null && root === null) {
		throw new ConfigError(msg("cfgLayoutNoRoot", { layout }), "root");
	}

	const downloadPaths = {} as Record<Category, string>;
	const filePaths = file.download_paths ?? {};
	for (const c of CATEGORIES) {
		const explicit = filePaths[c];
		downloadPaths[c] =
			explicit !== undefined
				? resolve(base, explicit)
				: layout !== null && root !== null
					? join(root, LAYOUTS[layout][c])
					: resolve(base, DEFAULT_DOWNLOAD_PATHS[c]);
	}
	sources.downloadPaths = Object.keys(filePaths).length > 0 ? "file" : layout !== null ? sources.layout : "default";

	const settings: Settings = {
		apiKey: pick("apiKey", "", file.api_key, envKey),
		baseUrl: pick("baseUrl", "https://civitai.com", file.base_url, envBase, flags.baseUrl).replace(/\/+$/, ""),
		downloadPaths,
		historyFile: resolve(base, pick("historyFile", "download_history.csv", file.history_file)),
		sleepMs: pick("sleepMs", 5000, sec(rl.sleep_between_downloads), undefined, sec(flags.sleep)),
		retryDelaysMs: pick(
			"retryDelaysMs",
			[60_000, 180_000, 300_000],
			rl.retry_delays?.map((s) => s * 1000),
			undefined,
			flags.retryDelays?.map((s) => s * 1000),
		),
		speedThresholdBps: pick("speedThresholdBps", 10 * 1024, kib(rl.speed_threshold_kbps), undefined, kib(flags.speedThreshold)),
		slowWindowMs: pick("slowWindowMs", 30_000, sec(rl.slow_duration_threshold_seconds), undefined, sec(flags.slowDuration)),
		smallFiles: pick("smallFiles", 3, file.concurrency?.small_files, undefined, flags.concurrency),
		connectionsPerFile: pick("connectionsPerFile", 1, file.concurrency?.connections_per_file, undefined, flags.connections),
		layout,
		root,
		webhooks: pick(
			"webhooks",
			[],
			file.notifications?.webhooks?.map((w) => ({ kind: w.kind, url: w.url, on: w.on ?? ["finished", "failed", "parked"] })),
		),
		webhookTimeoutMs: pick("webhookTimeoutMs", 10_000, sec(file.notifications?.timeout_seconds)),
		webhookRetryDelaysMs: pick(
			"webhookRetryDelaysMs",
			[2_000, 10_000],
			file.notifications?.retry_delays?.map((s) => s * 1000),
		),
		lockTimeoutMs: pick("lockTimeoutMs", 600_000, undefined, undefined, sec(flags.lockTimeout)),
	};
	return { settings, sources, configPath, configFound: found, warnings };
}

function sec(s: number | undefined): number | undefined {
	return s === undefined ? undefined : Math.round(s * 1000);
}

function kib(k: number | undefined): number | undefined {
	return k === undefined ? undefined : k * 1024;
}

/** Parse a `--retry-delays 60,180,300` value. */
export function parseDelayList(text: string): number[] {
	const parts = text.split(",").map((p) => p.trim());
	const nums = parts.map(Number);
	if (parts.length === 0 || parts.some((p) => p === "") || nums.some((n) => !Number.isFinite(n) || n < 0)) {
		throw new UsageError(msg("cfgBadDelays", { text }));
	}
	return nums;
}
