import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { MAX_JSON_DEPTH, type WireVersion, WireVersionSchema } from "../civitai/wire-types.js";
import { intCell } from "../history/columns.js";
import { type Msg, word } from "../i18n/msg.js";
import { readJsonFile } from "../platform/bounded-json.js";
import { infoPath, sidecarBase } from "../sidecars/names.js";
import { anySidecar } from "../sidecars/settings.js";
import { missingSidecars, type SidecarDeps, type SidecarTarget, writeSidecars } from "../sidecars/write.js";
import type { Placed } from "./placement.js";
import { resolveForRepair } from "./repair-lookup.js";
import type { RunContext, RunItem } from "./run-context.js";

/** A `.civitai.info` bigger than this is not one of ours (a real one is a few KiB). */
const MAX_INFO_BYTES = 4 * 1024 * 1024;

function warnAll(ctx: RunContext, warnings: readonly Msg[]): void {
	for (const w of warnings) ctx.emit({ type: "warning", message: word(ctx.m, w) });
}

/** What writing sidecars needs from the run: its HTTP, Ctrl-C, the history (a sidecar never replaces a recorded model file), and the origins previews may come from. */
function sidecarDeps(ctx: RunContext): SidecarDeps {
	return {
		http: ctx.requests.http,
		signal: ctx.signal,
		recorded: (path) => ctx.history.hasPath(path),
		imageOrigins: ctx.requests.sites.all.map((s) => s.origin),
	};
}

/** The Civitai site that served the item (base or red, from the URL that worked), for the model page link. */
function siteOrigin(ctx: RunContext, url?: string): string {
	try {
		if (url) return new URL(url).origin;
	} catch {
		// a history URL that is not one: the configured site
	}
	return new URL(ctx.opts.settings.baseUrl).origin;
}

/** After a download: every enabled sidecar, the `.civitai.info` and `.cm-info.json` rewritten. Never throws. */
export async function sidecarsAfterDownload(ctx: RunContext, p: Placed, sha256: string): Promise<void> {
	const kinds = ctx.opts.settings.sidecars;
	const version = p.resolved.version;
	if (!anySidecar(kinds) || !version || ctx.opts.dryRun) return;
	const target: SidecarTarget = {
		modelPath: p.path,
		version,
		fileId: p.resolved.fileId,
		sha256,
		siteOrigin: siteOrigin(ctx, p.resolved.downloadUrl),
	};
	try {
		const r = await writeSidecars(target, { kinds, force: ctx.opts.force === true }, sidecarDeps(ctx));
		warnAll(ctx, r.warnings);
	} catch {
		// a sidecar never fails its model (an interrupt ends the run on its own)
	}
}

/**
 * A skipped file whose sidecars are missing gets them, without downloading it again. The version
 * comes from the item when it was resolved, else from a `.civitai.info` already there, else (only
 * when a file other than the preview is missing) from the API: asked once, batched when the run
 * has model lists, paused for the run after a failure that would repeat (see repair-lookup.ts).
 */
export async function repairSidecars(ctx: RunContext, index: number, item: RunItem, p?: Placed): Promise<void> {
	const kinds = ctx.opts.settings.sidecars;
	const modelPath = p?.path ?? (item.row?.path || undefined);
	if (!anySidecar(kinds) || ctx.opts.dryRun || modelPath === undefined) return;
	try {
		if ((await stat(modelPath).catch(() => undefined)) === undefined) return;
		const missing = await missingSidecars(modelPath, kinds);
		if (!missing.info && !missing.webuiJson && !missing.cmInfo && !missing.preview) return;
		const versionId = p?.resolved.versionId ?? intCell(item.row?.version_id);
		let version = p?.resolved.version ?? (await versionFromInfo(modelPath, versionId));
		let fileId = p?.resolved.fileId ?? intCell(item.row?.file_id);
		if (!version && (missing.info || missing.webuiJson || missing.cmInfo)) {
			const resolved = await resolveForRepair(ctx, index, item, basename(modelPath));
			version = resolved?.version;
			fileId ??= resolved?.fileId;
		}
		if (!version || fileId === undefined) return;
		const sha256 = p?.resolved.sha256 ?? (item.row?.sha256 || undefined);
		const target: SidecarTarget = {
			modelPath,
			version,
			fileId,
			sha256,
			siteOrigin: siteOrigin(ctx, p?.resolved.downloadUrl ?? item.row?.url),
		};
		const r = await writeSidecars(target, { kinds, onlyMissing: true }, sidecarDeps(ctx));
		warnAll(ctx, r.warnings);
	} catch {
		// a repair never fails the skipped item
	}
}

/**
 * The version object of a `.civitai.info` already next to the model, when it is for `versionId` (import
 * uses it too). Anyone may have put that file there: it is read within the bounds of an API answer
 * (size, nesting, entries), never through a link.
 */
export async function versionFromInfo(modelPath: string, versionId: number | undefined): Promise<WireVersion | undefined> {
	const raw = await readJsonFile(infoPath(sidecarBase(modelPath)), { maxBytes: MAX_INFO_BYTES, maxDepth: MAX_JSON_DEPTH });
	if (raw === undefined) return undefined;
	const parsed = WireVersionSchema.safeParse(raw);
	return parsed.success && parsed.data.id === versionId ? parsed.data : undefined;
}
