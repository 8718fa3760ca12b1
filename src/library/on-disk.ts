import { stat } from "node:fs/promises";
import { z } from "zod";
import { MAX_JSON_DEPTH } from "../core/json-bounds.js";
import type { OnDisk } from "../core/library-status.js";
import { readJsonFile } from "../platform/bounded-json.js";
import { infoPath, previewCandidates, sidecarBase } from "../sidecars/names.js";

/**
 * What the disk says of a library entry's file: whether it is there (size, change time), the preview
 * next to it, and the names its `.civitai.info` gives. Asked without hashing: a stat per name.
 */
export interface DiskFacts {
	file: OnDisk | null;
	/** The preview a UI would show (absolute path), null: none. */
	preview: string | null;
	/** The `.civitai.info` beside it, when there is one we can read. */
	info: InfoFacts | null;
}

/** What the report shows from a `.civitai.info`: text from Civitai, shown as text only. */
export interface InfoFacts {
	modelName: string | null;
	versionName: string | null;
	baseModel: string | null;
	modelType: string | null;
	trainedWords: string[];
}

/** The info is someone's file as much as ours: read within the bounds of an API answer, each field on its own. */
const INFO_BOUNDS = { maxBytes: 4 * 1024 * 1024, maxDepth: MAX_JSON_DEPTH };
const text = z.string().max(1000).optional().catch(undefined);
const InfoSchema = z.object({
	name: text,
	baseModel: text,
	model: z.object({ name: text, type: text }).optional().catch(undefined),
	trainedWords: z.array(z.string().max(1000)).max(200).optional().catch(undefined),
});

async function regularFile(path: string): Promise<OnDisk | null> {
	try {
		const s = await stat(path);
		return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
	} catch {
		return null;
	}
}

async function readInfo(base: string): Promise<InfoFacts | null> {
	const raw = await readJsonFile(infoPath(base), INFO_BOUNDS);
	const r = InfoSchema.safeParse(raw);
	if (raw === undefined || !r.success) return null;
	const i = r.data;
	return {
		modelName: i.model?.name || null,
		versionName: i.name || null,
		baseModel: i.baseModel || null,
		modelType: i.model?.type || null,
		trainedWords: (i.trainedWords ?? []).filter((w) => w.trim() !== "").slice(0, 20),
	};
}

/** The facts of the file at `path` (null path: nowhere known, so nothing there). */
export async function diskFacts(path: string | null): Promise<DiskFacts> {
	if (path === null) return { file: null, preview: null, info: null };
	const base = sidecarBase(path);
	const [file, info] = await Promise.all([regularFile(path), readInfo(base)]);
	let preview: string | null = null;
	for (const candidate of previewCandidates(base)) {
		if (await regularFile(candidate)) {
			preview = candidate;
			break;
		}
	}
	return { file, preview, info };
}
