// What `import` does (its registration is import.ts): loaded only when it runs.

import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Settings } from "../../config/load.js";
import { formatBytes, formatCountdown, formatDuration, formatPercent } from "../../core/format.js";
import { sitesOf } from "../../core/sites.js";
import { cleanText } from "../../core/text.js";
import { UsageError } from "../../errors.js";
import { msg } from "../../i18n/msg.js";
import type { ImportEvent } from "../../import/events.js";
import { type ImportOptions, importLibrary } from "../../import/import-library.js";
import { anySidecar, withSidecarFlag } from "../../sidecars/settings.js";
import { type Ctx, ndjson, uiFor, warn } from "../context.js";
import { settingsFor } from "../context-run.js";
import { paint } from "../ui.js";
import type { ImportOpts } from "./import.js";

/**
 * The sidecar files `import` writes: the config's, or as `--sidecars` / `--no-sidecars` say; none with
 * `--dry-run`.
 */
function sidecarsFor(opts: ImportOpts, settings: Settings): ImportOptions["sidecars"] {
	const kinds = withSidecarFlag(settings.sidecars, opts.sidecars);
	if (!anySidecar(kinds) || opts.dryRun) return undefined;
	return { kinds, imageOrigins: sitesOf(settings).all.map((s) => s.origin) };
}

/** `import [dir...]`: identify the files already on disk and record them in the history. */
export async function runImport(ctx: Ctx, dirs: string[], opts: ImportOpts): Promise<void> {
	const folders = dirs.map((d) => resolve(ctx.io.cwd, d));
	for (const f of folders) {
		if (!(await stat(f).catch(() => undefined))?.isDirectory()) throw new UsageError(msg("cliImportNoFolder", { path: f }));
	}
	const loaded = await settingsFor(ctx, opts);
	const render = importRenderer(ctx, opts);
	const http = await ctx.http();
	const sidecars = sidecarsFor(opts, loaded.settings);
	const result = await importLibrary(folders, {
		...(sidecars ? { sidecars } : {}),
		settings: loaded.settings,
		onEvent: render,
		signal: ctx.io.signal,
		clock: ctx.clock,
		http,
		...(opts.dryRun ? { dryRun: true } : {}),
		lang: ctx.lang,
		messages: ctx.m,
	});
	if (result.lookupsFailed && !opts.json) ctx.io.stderr.write(`${ctx.m.importLookupsFailed()}\n`);
	ctx.result.code = result.lookupsFailed ? 1 : 0;
}

/** Import's words as it goes: a line per identified, unknown or failed file, a progress line, NDJSON with --json. */
function importRenderer(ctx: Ctx, opts: ImportOpts): (e: ImportEvent) => void {
	const { io, m, clock } = ctx;
	if (opts.json) return (e) => io.stdout.write(ndjson(e, clock.now()));
	const ui = uiFor(ctx, opts);
	const live = io.stdout.isTTY === true && opts.progress !== false && !opts.quiet;
	let progressShown = false;
	let lastPlain = clock.now();
	const line = (text: string, color?: "red" | "green" | "yellow") => {
		if (progressShown) io.stdout.write("\r\x1b[K");
		progressShown = false;
		const clean = cleanText(text);
		io.stdout.write(`${color ? paint(ui, color, clean) : clean}\n`);
	};
	return (e) => {
		switch (e.type) {
			case "import_scan":
				if (!opts.quiet) line(m.importScan({ files: e.files, folders: e.folders.length, candidates: e.candidates }));
				return;
			case "hash_start":
				// all from the cache: nothing to hash (the summary counts them)
				if (!opts.quiet && e.files > e.cached)
					line(m.importHashing({ files: e.files - e.cached, bytes: formatBytes(e.bytesToHash, ui.locale), cached: e.cached }));
				return;
			case "hash_progress": {
				const text = cleanText(
					m.importHashProgress({
						index: e.index,
						total: e.total,
						name: e.path.split(/[\\/]/).pop() ?? e.path,
						percent: formatPercent(e.bytes, e.totalBytes, ui.locale),
						eta: e.etaMs === null ? "?" : formatCountdown(e.etaMs),
					}),
				);
				if (live) {
					io.stdout.write(`\r\x1b[K${text}`);
					progressShown = true;
				} else if (!opts.quiet && clock.now() - lastPlain >= 5000) {
					lastPlain = clock.now();
					io.stdout.write(`${text}\n`);
				}
				return;
			}
			case "lookup":
				if (opts.verbose) line(m.importLookup(e));
				return;
			case "lookup_retry":
				line(m.importRetry({ ...e, delay: formatDuration(e.delayMs, ui.locale) }), "yellow");
				return;
			case "identified":
				if (!opts.quiet)
					line(m.importIdentified({ ...e, model: e.modelName || "?", version: e.versionName || "?", category: e.category }), "green");
				return;
			case "unknown":
				line(m.importUnknown({ path: e.path, size: formatBytes(e.sizeBytes, ui.locale), sha256: e.sha256 }));
				return;
			case "lookup_failed":
				line(m.importFailed(e), "red");
				return;
			case "warning":
				if (progressShown) io.stdout.write("\r\x1b[K");
				progressShown = false;
				warn(ctx, opts, e.message);
				return;
			case "import_done": {
				const counts = { ...e, hashed: e.hashedFiles, cached: e.cachedFiles, elapsed: formatDuration(e.elapsedMs, ui.locale) };
				line(e.dryRun ? m.importSummaryDry(counts) : m.importSummary(counts));
				if (e.sidecars !== undefined) line(m.importSidecars({ files: e.sidecars, models: e.sidecarModels ?? 0 }));
				return;
			}
			default:
				return;
		}
	};
}
