import type { WireVersion } from "../civitai/wire-types.js";
import { versionFromInfo } from "../download/sidecar-step.js";
import { wordsOf } from "../errors.js";
import type { Messages } from "../i18n/en.js";
import { word } from "../i18n/msg.js";
import type { RecordedFile } from "../library/read.js";
import { anySidecar, type SidecarSettings } from "../sidecars/settings.js";
import { missingSidecars, type SidecarDeps, writeSidecars } from "../sidecars/write.js";
import type { ImportEvent } from "./events.js";
import type { FoundFile } from "./walk.js";

/** `import`'s sidecar files: which to write, and what fetching a preview needs. */
export interface ImportSidecars {
	kinds: SidecarSettings;
	/** The configured Civitai origins (previews come only from there and Civitai's image host). */
	imageOrigins: readonly string[];
}

/** A model file whose missing sidecars can be written: where, from which version, for which of its files. */
export interface SidecarJob {
	path: string;
	version: WireVersion;
	fileId: number;
	sha256?: string | undefined;
	/** The Civitai origin that knew it (for the model page in the `.json`). */
	origin: string;
}

/** Recorded files whose sidecars are not all there: those whose version is beside them, and those to ask Civitai about. */
export interface Completions {
	local: SidecarJob[];
	/** With the SHA-256 the history recorded ("" when it recorded none: hash the file). */
	lookup: (FoundFile & { sha256: string })[];
}

/**
 * The files of the folders that the history records but whose enabled sidecars are not all there (an
 * import stopped on the way, one made with sidecars off). The version comes from a `.civitai.info`
 * already beside the file when it is the recorded version's (nothing to ask), else from Civitai by the
 * file's hash, batched with the new files' lookups.
 */
export async function completionsOf(
	found: readonly FoundFile[],
	recorded: ReadonlyMap<string, RecordedFile>,
	kinds: SidecarSettings,
	/** The base origin, for a row whose URL names none. */
	origin: string,
): Promise<Completions> {
	const out: Completions = { local: [], lookup: [] };
	if (!anySidecar(kinds)) return out;
	for (const f of found) {
		const r = recorded.get(f.path);
		if (r === undefined) continue;
		const missing = await missingSidecars(f.path, kinds);
		if (!missing.info && !missing.webuiJson && !missing.cmInfo && !missing.preview) continue;
		const version = await versionFromInfo(f.path, r.versionId);
		if (version && r.fileId !== undefined) {
			out.local.push({ path: f.path, version, fileId: r.fileId, sha256: r.sha256 || undefined, origin: originOf(r.url, origin) });
		} else out.lookup.push({ ...f, sha256: r.sha256 });
	}
	return out;
}

/** The origin of a history row's URL; `fallback` when it names none. */
function originOf(url: string, fallback: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return fallback;
	}
}

/** What writing sidecars reports back: files written, and model files that got at least one. */
export interface SidecarCount {
	files: number;
	models: number;
}

/**
 * Write the missing sidecars of each job (the user's own files beside a model are kept). A sidecar
 * problem is a warning: the model file stays recorded. Stops when the import is interrupted.
 */
export async function writeJobs(
	jobs: readonly SidecarJob[],
	kinds: SidecarSettings,
	deps: SidecarDeps,
	emit: (e: ImportEvent) => void,
	m: Messages,
): Promise<SidecarCount> {
	const count: SidecarCount = { files: 0, models: 0 };
	for (const j of jobs) {
		if (deps.signal?.aborted) break;
		try {
			const target = { modelPath: j.path, version: j.version, fileId: j.fileId, sha256: j.sha256, siteOrigin: j.origin };
			const r = await writeSidecars(target, { kinds, onlyMissing: true }, deps);
			for (const w of r.warnings) emit({ type: "warning", message: word(m, w) });
			count.files += r.written.length;
			if (r.written.length > 0) count.models++;
		} catch (e) {
			emit({ type: "warning", message: m.warnImportHook({ path: j.path, reason: wordsOf(e, m) }) });
		}
	}
	return count;
}
