import { lstat, readdir } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { WireVersion } from "../civitai/wire-types.js";
import { isModelFile } from "../core/import-plan.js";
import { WriteError } from "../errors.js";
import { type Msg, msg } from "../i18n/msg.js";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { exists } from "../platform/fs.js";
import type { HttpContext } from "../platform/http.js";
import { civitaiInfo } from "./civitai-info.js";
import { cmInfo } from "./cm-info.js";
import { fetchImage } from "./image-fetch.js";
import { cmInfoPath, infoPath, previewCandidates, previewPath, sidecarBase, webuiJsonPath } from "./names.js";
import { pickPreview, sniffImage } from "./preview-pick.js";
import type { SidecarSettings } from "./settings.js";
import { versionFields } from "./version-fields.js";
import { webuiJson } from "./webui-json.js";

/** The model file the sidecars are for. */
export interface SidecarTarget {
	/** The model file on disk; the sidecars go next to it, named after it without its extension. */
	modelPath: string;
	/** The version object as `/api/v1/model-versions/:id` (or by-hash) returned it. */
	version: WireVersion;
	/** The file of the version that `modelPath` is (first and primary in `.civitai.info`). */
	fileId: number;
	/** The file's SHA-256 when known (used when the API has none for `.cm-info.json`). */
	sha256?: string | undefined;
	/** Civitai's site origin, for the model's page in `.json` notes (e.g. https://civitai.com). */
	siteOrigin: string;
}

export interface SidecarOptions {
	kinds: SidecarSettings;
	/** Replace the user's own `.json` and preview. */
	force?: boolean;
	/** A repair: write only the files that are missing (`.civitai.info` and `.cm-info.json` are otherwise rewritten). */
	onlyMissing?: boolean;
}

export interface SidecarDeps {
	http: HttpContext;
	signal?: AbortSignal | undefined;
	/** Whether the history records a model file at `path` (a model named like a sidecar): a sidecar never replaces one. */
	recorded?: ((path: string) => Promise<boolean>) | undefined;
	/** The configured Civitai origins: the preview is fetched only there or from Civitai's image host. */
	imageOrigins: readonly string[];
}

export interface SidecarResult {
	written: string[];
	/** Each is a `warning`: a sidecar never fails its model. */
	warnings: Msg[];
}

/** Which of the enabled sidecar files are not there (a preview under any name a UI finds counts). */
export async function missingSidecars(modelPath: string, kinds: SidecarSettings) {
	const base = sidecarBase(modelPath);
	const absent = async (p: string) => !(await exists(p));
	return {
		info: kinds.info && (await absent(infoPath(base))),
		webuiJson: kinds.webuiJson && (await absent(webuiJsonPath(base))),
		cmInfo: kinds.cmInfo && (await absent(cmInfoPath(base))),
		preview: kinds.preview && !(await anyExists(previewCandidates(base))),
	};
}

/**
 * Write the sidecar files of one model: `.civitai.info`, `.json` (A1111/Forge, only when there is
 * none), the preview and `.cm-info.json`, each in full or not at all. Nothing here throws: a file
 * that cannot be written or a preview that cannot be fetched is a warning. A sidecar is never
 * written through a symlink, nor over the model file itself or another model file the history
 * records (`deps.recorded`): that one file is left as it is, with a warning. A model whose sidecar
 * names another model file in its folder shares too (`a.pt` beside `a.safetensors`) gets none.
 */
export async function writeSidecars(t: SidecarTarget, opts: SidecarOptions, deps: SidecarDeps): Promise<SidecarResult> {
	const out: SidecarResult = { written: [], warnings: [] };
	const base = sidecarBase(t.modelPath);
	const other = await sharingModel(t.modelPath, deps);
	if (other !== undefined) {
		out.warnings.push(msg("sidecarShared", { path: t.modelPath, other }));
		return out;
	}
	const replaceOurs = opts.onlyMissing !== true;
	const write = async (path: string, data: string | Buffer) => {
		try {
			if (resolve(path) === resolve(t.modelPath) || (await sameFile(path, t.modelPath)) || (await deps.recorded?.(path))) {
				out.warnings.push(msg("sidecarIsModel", { path }));
				return;
			}
			await writeFileAtomic(path, data);
			out.written.push(path);
		} catch (e) {
			out.warnings.push(notWritten(e, path));
		}
	};
	const json = (x: unknown) => `${JSON.stringify(x, null, 4)}\n`;
	const { kinds } = opts;
	if (kinds.info && (replaceOurs || !(await exists(infoPath(base))))) await write(infoPath(base), json(civitaiInfo(t.version, t.fileId)));
	if (kinds.webuiJson && (opts.force || !(await exists(webuiJsonPath(base))))) {
		await write(webuiJsonPath(base), json(webuiJson(t.version, t.siteOrigin)));
	}
	if (kinds.cmInfo && (replaceOurs || !(await exists(cmInfoPath(base))))) {
		const importedAt = new Date(deps.http.clock.now());
		await write(cmInfoPath(base), json(cmInfo(t.version, t.fileId, { sha256: t.sha256, importedAt })));
	}
	if (kinds.preview && (opts.force || !(await anyExists(previewCandidates(base))))) await writePreview(t, kinds, deps, out, write);
	return out;
}

async function writePreview(
	t: SidecarTarget,
	kinds: SidecarSettings,
	deps: SidecarDeps,
	out: SidecarResult,
	write: (path: string, data: Buffer) => Promise<void>,
): Promise<void> {
	const url = pickPreview(versionFields(t.version).images, kinds.previewMaxNsfwLevel);
	if (url === undefined) return; // no safe image: no preview, and nothing to warn about
	const name = basename(t.modelPath);
	const bytes = await fetchImage(url, name, deps);
	if (!Buffer.isBuffer(bytes)) {
		if (!deps.signal?.aborted) out.warnings.push(bytes);
		return;
	}
	const ext = sniffImage(bytes);
	if (ext === undefined) {
		out.warnings.push(msg("sidecarPreviewNotImage", { name, host: new URL(url).host }));
		return;
	}
	await write(previewPath(sidecarBase(t.modelPath), ext), bytes);
}

/**
 * Another model file in the same folder whose sidecars have the same names (`a.pt` beside
 * `a.safetensors`: both are `a.civitai.info`, `a.json`, ...), if any: a model file by its extension,
 * or any file the history records. Its sidecars are not this model's to write: a server naming a file
 * after another model's stem replaced that model's `.civitai.info`, trigger words and all.
 */
async function sharingModel(modelPath: string, deps: SidecarDeps): Promise<string | undefined> {
	const dir = dirname(modelPath);
	const base = sidecarBase(modelPath);
	const own = basename(modelPath);
	for (const name of await readdir(dir).catch(() => [] as string[])) {
		if (name === own || sidecarBase(join(dir, name)) !== base) continue;
		const path = join(dir, name);
		if (isModelFile(name) || (await deps.recorded?.(path))) return path;
	}
	return undefined;
}

/**
 * Whether two names are one file: on a case-insensitive disk (macOS, Windows) `d.json` is the model
 * file `d.JSON`, and a name compared as text says it is not.
 */
async function sameFile(a: string, b: string): Promise<boolean> {
	const [x, y] = await Promise.all([lstat(a).catch(() => undefined), lstat(b).catch(() => undefined)]);
	return x !== undefined && y !== undefined && x.dev === y.dev && x.ino === y.ino;
}

/** Why a sidecar was not written, as its warning. */
function notWritten(e: unknown, path: string): Msg {
	if (e instanceof WriteError && e.refusal === "link") return msg("sidecarIsLink", { path });
	const cause = e instanceof WriteError ? e.cause : e;
	return msg("sidecarWriteFailed", { path, code: (cause as NodeJS.ErrnoException | null)?.code ?? String(cause) });
}

async function anyExists(paths: readonly string[]): Promise<boolean> {
	for (const p of paths) if (await exists(p)) return true;
	return false;
}
