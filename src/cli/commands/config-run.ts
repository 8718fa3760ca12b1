// What `config init|show|path` do (their registration is config.ts): loaded only when one of them runs.
import { stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { starterConfig, writeConfigFile } from "../../config/init.js";
import type { Layout } from "../../config/layouts.js";
import type { LoadedSettings, Settings, Source } from "../../config/load.js";
import { defaultConfigPath } from "../../config/paths.js";
import { CATEGORIES } from "../../core/categories.js";
import { judgeApi, judgeKey } from "../../core/doctor.js";
import { UsageError } from "../../errors.js";
import { intlLocale } from "../../i18n/index.js";
import { msg } from "../../i18n/msg.js";
import { hookLabel } from "../../notify/send.js";
import { exists } from "../../platform/fs.js";
import { ask } from "../confirm.js";
import type { Ctx } from "../context.js";
import { settingsFor } from "../context-run.js";
import { askMe, probeRequests } from "../doctor-probe.js";
import { reasonWords } from "../doctor-words.js";
import { askHidden } from "../hidden-input.js";
import { type CommonOpts, LAYOUT_NAMES } from "../options.js";
import type { InitOpts } from "./config.js";

/** "****cdef": enough to tell two keys apart, never enough to use one. */
export function redactKey(key: string): string {
	return key === "" ? "" : `****${key.length > 8 ? key.slice(-4) : ""}`;
}

/** Every effective setting as `[config key, shown value, source]`, the key redacted, webhooks by host. */
export function settingRows(l: LoadedSettings, notSet: string, none: string): [string, string, Source][] {
	const s: Settings = l.settings;
	const src = l.sources;
	const sec = (ms: number) => String(ms / 1000);
	return [
		["api_key", s.apiKey ? redactKey(s.apiKey) : notSet, src.apiKey],
		["base_url", s.baseUrl, src.baseUrl],
		["red_base_url", s.redBaseUrl ?? notSet, src.redBaseUrl],
		["layout", s.layout ?? notSet, src.layout],
		["root", s.root ?? notSet, src.root],
		...CATEGORIES.map((c): [string, string, Source] => [`download_paths.${c}`, s.downloadPaths[c], src.downloadPaths]),
		["folder_layout", s.folderLayout, src.folderLayout],
		["history_file", s.historyFile, src.historyFile],
		["rate_limit_settings.sleep_between_downloads", sec(s.sleepMs), src.sleepMs],
		["rate_limit_settings.retry_delays", s.retryDelaysMs.map(sec).join(", "), src.retryDelaysMs],
		["rate_limit_settings.speed_threshold_kbps", String(s.speedThresholdBps / 1024), src.speedThresholdBps],
		["rate_limit_settings.slow_duration_threshold_seconds", sec(s.slowWindowMs), src.slowWindowMs],
		["rate_limit_settings.network_retry_delays", s.networkRetryDelaysMs.map(sec).join(", "), src.networkRetryDelaysMs],
		["rate_limit_settings.outage_after_failures", String(s.outageAfterFailures), src.outageAfterFailures],
		["rate_limit_settings.lookup_pause", sec(s.lookupPauseMs), src.lookupPauseMs],
		["concurrency.small_files", String(s.smallFiles), src.smallFiles],
		["concurrency.connections_per_file", String(s.connectionsPerFile), src.connectionsPerFile],
		[
			"notifications.webhooks",
			s.webhooks.length === 0 ? none : s.webhooks.map((w, i) => `${hookLabel(w.kind, i, w.url)} [${w.on.join(", ")}]`).join("; "),
			src.webhooks,
		],
		["notifications.when", s.notifyWhen, src.notifyWhen],
		["notifications.timeout_seconds", sec(s.webhookTimeoutMs), src.webhookTimeoutMs],
		["notifications.retry_delays", s.webhookRetryDelaysMs.map(sec).join(", "), src.webhookRetryDelaysMs],
		["updates.ignore_models", s.ignoreModels.length === 0 ? none : s.ignoreModels.join(", "), src.ignoreModels],
		["updates.ignore_versions", s.ignoreVersions.length === 0 ? none : s.ignoreVersions.join(", "), src.ignoreVersions],
		["sidecars.info", String(s.sidecars.info), src.sidecars],
		["sidecars.preview", String(s.sidecars.preview), src.sidecars],
		["sidecars.webui_json", String(s.sidecars.webuiJson), src.sidecars],
		["sidecars.cm_info", String(s.sidecars.cmInfo), src.sidecars],
		["sidecars.preview_max_nsfw_level", String(s.sidecars.previewMaxNsfwLevel), src.sidecars],
	];
}

function configPathOf(ctx: Ctx, opts: CommonOpts): string {
	return resolve(ctx.io.cwd, opts.config ?? ctx.io.env.CIVITAI_DL_CONFIG ?? defaultConfigPath(ctx.io.env));
}

/**
 * On a terminal: the API key, typed hidden and checked with Civitai's `/api/v1/me` before it is saved.
 * A key Civitai refuses is asked for again; one that cannot be checked (no network) is kept as given.
 * "" when skipped (Enter), null on Ctrl-C.
 */
async function askKey(ctx: Ctx, opts: CommonOpts): Promise<string | null> {
	const { m, io } = ctx;
	const baseUrl = opts.baseUrl ?? io.env.CIVITAI_BASE_URL ?? "https://civitai.com";
	for (;;) {
		const key = await askHidden(m.keyAsk(), io, io.signal);
		if (key === null) return null;
		if (key.trim() === "") {
			io.stdout.write(`${m.keySkipped()}\n`);
			return "";
		}
		const me = await askMe(probeRequests(await ctx.http(), { baseUrl, apiKey: key.trim() }, io.signal));
		const verdict = judgeKey(true, me);
		if (verdict.reason.r === "key_ok") {
			io.stdout.write(`${m.keySignedIn({ username: verdict.reason.username })}\n`);
			return key.trim();
		}
		if (verdict.reason.r === "key_rejected") {
			io.stdout.write(`${m.keyRejected({ status: verdict.reason.status })}\n`);
			continue;
		}
		io.stdout.write(`${m.keyUnchecked({ reason: reasonWords(m, intlLocale(ctx.lang), judgeApi(baseUrl, me).reason) })}\n`);
		return key.trim();
	}
}

/** Whether `path` is a folder (links followed). */
async function isFolder(path: string): Promise<boolean> {
	return (await stat(path).catch(() => null))?.isDirectory() === true;
}

/** `config init`: a starter config file, asking for layout, root and key on a terminal. */
export async function runConfigInit(ctx: Ctx, opts: InitOpts): Promise<void> {
	const { m, io } = ctx;
	const path = configPathOf(ctx, opts);
	if (!opts.force && (await exists(path))) throw new UsageError(msg("cfgInitExists", { path }));
	let layout: Layout | null = opts.layout ?? null;
	let root: string | null = opts.root === undefined ? null : resolve(io.cwd, opts.root);
	// a root that is not there (a typo) would be written, and its folders made under it by the first run
	if (root !== null && !(await isFolder(root))) throw new UsageError(msg("cfgInitNoRoot", { root, layout: layout ?? "UI" }));
	// with --json nothing is asked: stdout carries the one JSON answer, and the flags give everything
	const terminal = io.stdin.isTTY === true && io.stdout.isTTY === true && opts.json !== true;
	if (opts.layout === undefined && opts.root === undefined && terminal) {
		for (;;) {
			const answer = (await ask(m.cfgInitAskLayout(), io, io.signal)).trim().toLowerCase();
			if (answer === "" || answer === "none") break;
			if ((LAYOUT_NAMES as string[]).includes(answer)) {
				layout = answer as Layout;
				break;
			}
			io.stdout.write(`${m.cfgInitBadLayout({ value: answer })}\n`);
		}
	}
	if (layout !== null && root === null) {
		if (!terminal) throw new UsageError(msg("cfgInitRootNeeded", { layout }));
		for (;;) {
			const answer = (await ask(m.cfgInitAskRoot({ layout }), io, io.signal)).trim();
			// Enter at the question: the words of a terminal, not of a flag nobody typed
			if (answer === "") throw new UsageError(msg("cfgInitRootNotGiven", { layout }));
			const typed = isAbsolute(answer) ? answer : resolve(io.cwd, answer);
			if (await isFolder(typed)) {
				root = typed;
				break;
			}
			io.stdout.write(`${m.cfgInitNoRoot({ root: typed, layout })}\n`);
		}
	}
	const apiKey = terminal ? await askKey(ctx, opts) : "";
	if (apiKey === null) {
		ctx.result.code = 130;
		return;
	}
	const baseUrl = opts.baseUrl || io.env.CIVITAI_BASE_URL || undefined;
	// `--base-url` and `--red-base-url` on init name the sites for good; the environment's are left to the environment
	const named = {
		...(opts.baseUrl ? { writeBaseUrl: opts.baseUrl } : {}),
		...(opts.redBaseUrl ? { writeRedBaseUrl: opts.redBaseUrl } : {}),
	};
	await writeConfigFile(path, {
		...starterConfig({ layout, root, base: io.cwd, ...(baseUrl ? { baseUrl } : {}), ...named }),
		api_key: apiKey,
	});
	const keySet = apiKey !== "" || (io.env.CIVITAI_API_KEY ?? "") !== "";
	if (opts.json) io.stdout.write(`${JSON.stringify({ configPath: path, written: true, layout, root, keySet })}\n`);
	else io.stdout.write(`${m.cfgInitWrote({ path })}\n${m.cfgInitNext({ keySet })}\n`);
	ctx.result.code = 0;
}

/** `config show`: every effective setting and where it came from. */
export async function runConfigShow(ctx: Ctx, opts: InitOpts): Promise<void> {
	const { m, io } = ctx;
	const loaded = await settingsFor(ctx, opts);
	const rows = settingRows(loaded, m.cfgNotSet(), m.cfgNone());
	const why = loaded.filePathsSetAside && opts.layout ? m.cfgShowLayoutWins({ layout: opts.layout }) : null;
	if (opts.json) {
		const settings = Object.fromEntries(rows.map(([k, value, source]) => [k, { value, source }]));
		const out = { configPath: loaded.configPath, found: loaded.configFound, settings, ...(why ? { notes: [why] } : {}) };
		io.stdout.write(`${JSON.stringify(out)}\n`);
	} else {
		io.stdout.write(`${m.cfgShowFile({ path: loaded.configPath, found: loaded.configFound })}\n`);
		const w = Math.max(...rows.map(([k]) => k.length));
		for (const [k, v, source] of rows) io.stdout.write(`  ${k.padEnd(w)}  ${v}  (${m.cfgSource({ source })})\n`);
		if (why) io.stdout.write(`${why}\n`);
	}
	ctx.result.code = 0;
}

/** `config path`: the config file that would be read. */
export async function runConfigPath(ctx: Ctx, opts: CommonOpts): Promise<void> {
	const path = configPathOf(ctx, opts);
	if (opts.json) ctx.io.stdout.write(`${JSON.stringify({ configPath: path, found: await exists(path) })}\n`);
	else ctx.io.stdout.write(`${path}\n`);
	ctx.result.code = 0;
}
