import { dirname, join, resolve } from "node:path";
import { CATEGORIES, type Category } from "../core/categories.js";
import type { FolderLayout } from "../core/folder-layout.js";
import type { NotifyWhen } from "../core/notify-when.js";
import { defaultRedBaseUrl } from "../core/sites.js";
import { ConfigError } from "../errors.js";
import { type Msg, msg } from "../i18n/msg.js";
import type { Webhook } from "../notify/payloads.js";
import { DEFAULT_SIDECARS, type SidecarSettings } from "../sidecars/settings.js";
import { readConfigFile } from "./config-file.js";
import { LAYOUTS, type Layout } from "./layouts.js";
import { defaultConfigPath } from "./paths.js";
import { type ConfigFile, DEFAULT_DOWNLOAD_PATHS } from "./schema.js";

/** Effective settings, every path absolute, every duration in ms. */
export interface Settings {
	apiKey: string;
	baseUrl: string;
	/**
	 * The second Civitai origin (civitai.red): targets on it resolve there, and a 404 on `baseUrl` is
	 * tried there once. null: none (the default when `baseUrl` is not civitai.com).
	 */
	redBaseUrl: string | null;
	downloadPaths: Record<Category, string>;
	historyFile: string;
	sleepMs: number;
	retryDelaysMs: number[];
	/** bytes per second (config is KiB/s) */
	speedThresholdBps: number;
	slowWindowMs: number;
	/** Retry waits for network failures before the first byte (DNS, refused, reset, TLS, 502, 504, 520-530). */
	networkRetryDelaysMs: number[];
	/** Items in a row failing for network or 5xx reasons after which the run parks the rest (0: never). */
	outageAfterFailures: number;
	/** The pause between two lookups (lists, by-hash, sidecar repairs); `import --lookup-pause`. */
	lookupPauseMs: number;
	smallFiles: number;
	connectionsPerFile: number;
	layout: Layout | null;
	root: string | null;
	/** How files are organised under each category's folder (`folder_layout`): `{type}`, or `{type}/{base_model}`. */
	folderLayout: FolderLayout;
	webhooks: Webhook[];
	/** Which runs send them (`notifications.when`): runs without a terminal, every run, or only with `--notify`. */
	notifyWhen: NotifyWhen;
	webhookTimeoutMs: number;
	webhookRetryDelaysMs: number[];
	/** How long to wait for another process's history lock. */
	lockTimeoutMs: number;
	/** Models and versions that `outdated` and `update` leave alone (`updates.ignore_models`, `updates.ignore_versions`). */
	ignoreModels: number[];
	ignoreVersions: number[];
	/** Which sidecar files to write next to each model (config `sidecars`). */
	sidecars: SidecarSettings;
}

export type Source = "default" | "file" | "env" | "flag";

export interface LoadedSettings {
	settings: Settings;
	sources: Record<keyof Settings, Source>;
	/** The config file consulted (it may not exist). */
	configPath: string;
	configFound: boolean;
	warnings: Msg[];
	/** The file's `download_paths` were not used because `--layout` was given (flag > config file). */
	filePathsSetAside: boolean;
}

/**
 * Overrides from the command line, keyed and valued as the settings themselves (milliseconds, bytes
 * per second): the CLI's parsers convert, nothing is renamed on the way. `config` names the file.
 */
export type SettingFlags = { config?: string } & Partial<Omit<Settings, "layout" | "root" | "redBaseUrl">> & {
		layout?: Layout;
		root?: string;
		redBaseUrl?: string;
	};

/** Picks each setting from its layers (flag > env > file > default) and remembers where it came from. */
class Picker {
	readonly sources = {} as Record<keyof Settings, Source>;

	pick<K extends keyof Settings>(
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
				this.sources[key] = source;
				return value;
			}
		}
		this.sources[key] = "default";
		return def;
	}
}

/**
 * The model folders. A layout given on the command line wins over everything in the file (flag > file);
 * otherwise the file's explicit `download_paths`, else its layout under its root, else the defaults.
 */
function locations(file: ConfigFile, flags: SettingFlags, at: { base: string; cwd: string }, p: Picker) {
	const layout = p.pick("layout", null, file.layout ?? undefined, undefined, flags.layout);
	const rootRaw = p.pick("root", null, file.root ?? undefined, undefined, flags.root);
	const root = rootRaw === null ? null : resolve(flags.root !== undefined ? at.cwd : at.base, rootRaw);
	if (layout !== null && root === null) {
		throw new ConfigError(msg("cfgLayoutNoRoot", { layout }), "root");
	}
	const filePaths = flags.layout !== undefined ? {} : (file.download_paths ?? {});
	const downloadPaths = {} as Record<Category, string>;
	for (const c of CATEGORIES) {
		const explicit = filePaths[c];
		downloadPaths[c] =
			explicit !== undefined
				? resolve(at.base, explicit)
				: layout !== null && root !== null
					? join(root, LAYOUTS[layout][c])
					: resolve(at.base, DEFAULT_DOWNLOAD_PATHS[c]);
	}
	p.sources.downloadPaths = Object.keys(filePaths).length > 0 ? "file" : layout !== null ? p.sources.layout : "default";
	// the file's own folders, set aside for the command line's layout: `config show` says so
	const setAside = flags.layout !== undefined && Object.keys(file.download_paths ?? {}).length > 0;
	return { layout, root, downloadPaths, setAside };
}

/** The API key and base URLs from the environment (the URLs checked). */
function fromEnvironment(env: NodeJS.ProcessEnv): { key: string | undefined; baseUrl: string | undefined; redBaseUrl: string | undefined } {
	const baseUrl = env.CIVITAI_BASE_URL || undefined;
	if (baseUrl !== undefined && !/^https?:\/\/[^/]+/.test(baseUrl)) {
		throw new ConfigError(msg("cfgBadBaseUrlEnv", { value: baseUrl }), "CIVITAI_BASE_URL");
	}
	const redBaseUrl = env.CIVITAI_RED_BASE_URL || undefined;
	if (redBaseUrl !== undefined && !/^https?:\/\/[^/]+/.test(redBaseUrl)) {
		throw new ConfigError(msg("cfgBadRedBaseUrlEnv", { value: redBaseUrl }), "CIVITAI_RED_BASE_URL");
	}
	return { key: env.CIVITAI_API_KEY || env.CIVITAI_TOKEN || undefined, baseUrl, redBaseUrl };
}

/** Pacing, retries and the slow-speed rule (the seed's `rate_limit_settings`). */
function rateLimits(file: ConfigFile, flags: SettingFlags, p: Picker) {
	const rl = file.rate_limit_settings ?? {};
	return {
		sleepMs: p.pick("sleepMs", 5000, sec(rl.sleep_between_downloads), undefined, flags.sleepMs),
		retryDelaysMs: p.pick(
			"retryDelaysMs",
			[60_000, 180_000, 300_000],
			rl.retry_delays?.map((s) => s * 1000),
			undefined,
			flags.retryDelaysMs,
		),
		speedThresholdBps: p.pick("speedThresholdBps", 10 * 1024, kib(rl.speed_threshold_kbps), undefined, flags.speedThresholdBps),
		slowWindowMs: p.pick("slowWindowMs", 30_000, sec(rl.slow_duration_threshold_seconds), undefined, flags.slowWindowMs),
		networkRetryDelaysMs: p.pick(
			"networkRetryDelaysMs",
			[10_000, 30_000, 90_000],
			rl.network_retry_delays?.map((s) => s * 1000),
			undefined,
			flags.networkRetryDelaysMs,
		),
		outageAfterFailures: p.pick("outageAfterFailures", 3, rl.outage_after_failures, undefined, flags.outageAfterFailures),
		lookupPauseMs: p.pick("lookupPauseMs", 1000, sec(rl.lookup_pause), undefined, flags.lookupPauseMs),
	};
}

/** Webhooks and how they are delivered. */
function notifications(file: ConfigFile, p: Picker) {
	const n = file.notifications;
	return {
		webhooks: p.pick(
			"webhooks",
			[],
			n?.webhooks?.map((w) => ({ kind: w.kind, url: w.url, on: w.on ?? ["finished", "failed", "parked"] })),
		),
		notifyWhen: p.pick("notifyWhen", "unattended", n?.when),
		webhookTimeoutMs: p.pick("webhookTimeoutMs", 10_000, sec(n?.timeout_seconds)),
		webhookRetryDelaysMs: p.pick(
			"webhookRetryDelaysMs",
			[2_000, 10_000],
			n?.retry_delays?.map((s) => s * 1000),
		),
	};
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
	const p = new Picker();
	const fromEnv = fromEnvironment(env);
	const { setAside, ...where } = locations(file, flags, { base, cwd }, p);
	const baseUrl = p.pick("baseUrl", "https://civitai.com", file.base_url, fromEnv.baseUrl, flags.baseUrl).replace(/\/+$/, "");
	// the file's red origin goes with the file's base URL: a base URL from the environment or a flag on another
	// origin (the local Civitai, a mirror) takes its own default (none beside anything but civitai.com), so a
	// miss there is not asked of civitai.red
	const baseMoved = new URL(baseUrl).origin !== new URL(file.base_url ?? "https://civitai.com").origin;
	const fileRed = baseMoved ? undefined : file.red_base_url;
	const redBaseUrl = p.pick("redBaseUrl", defaultRedBaseUrl(baseUrl), fileRed, fromEnv.redBaseUrl, flags.redBaseUrl);
	const settings: Settings = {
		apiKey: p.pick("apiKey", "", file.api_key, fromEnv.key),
		baseUrl,
		redBaseUrl: redBaseUrl === null ? null : redBaseUrl.replace(/\/+$/, ""),
		...where,
		historyFile: resolve(base, p.pick("historyFile", "download_history.csv", file.history_file)),
		folderLayout: p.pick("folderLayout", "{type}", file.folder_layout, undefined, flags.folderLayout),
		...rateLimits(file, flags, p),
		smallFiles: p.pick("smallFiles", 3, file.concurrency?.small_files, undefined, flags.smallFiles),
		connectionsPerFile: p.pick("connectionsPerFile", 1, file.concurrency?.connections_per_file, undefined, flags.connectionsPerFile),
		...notifications(file, p),
		lockTimeoutMs: p.pick("lockTimeoutMs", 600_000, undefined, undefined, flags.lockTimeoutMs),
		ignoreModels: p.pick("ignoreModels", [], file.updates?.ignore_models),
		ignoreVersions: p.pick("ignoreVersions", [], file.updates?.ignore_versions),
		sidecars: p.pick("sidecars", DEFAULT_SIDECARS, sidecarsFromFile(file)),
	};
	return { settings, sources: p.sources, configPath, configFound: found, warnings, filePathsSetAside: setAside };
}

/** The file's `sidecars` object over the defaults (each key optional). */
function sidecarsFromFile(file: ConfigFile): SidecarSettings | undefined {
	const s = file.sidecars;
	if (s === undefined) return undefined;
	const d = DEFAULT_SIDECARS;
	return {
		info: s.info ?? d.info,
		preview: s.preview ?? d.preview,
		webuiJson: s.webui_json ?? d.webuiJson,
		cmInfo: s.cm_info ?? d.cmInfo,
		previewMaxNsfwLevel: s.preview_max_nsfw_level ?? d.previewMaxNsfwLevel,
	};
}

function sec(s: number | undefined): number | undefined {
	return s === undefined ? undefined : Math.round(s * 1000);
}

function kib(k: number | undefined): number | undefined {
	return k === undefined ? undefined : k * 1024;
}
