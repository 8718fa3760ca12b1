import { versionFromInfo } from "../download/sidecar-step.js";
import { intCell } from "../history/columns.js";

/** A row's model and version, as its own `.civitai.info` names them. */
export interface ModelName {
	model: string;
	version: string | null;
}

/** How many `.civitai.info` files are read at once. */
const AT_ONCE = 16;

/**
 * The model's name for each history row (issue 27): from the `.civitai.info` beside the row's file,
 * when that file is for the row's version (another version's info says nothing of this file); null
 * when there is none. Read within an API answer's bounds and never through a link; no request is
 * ever made for a name.
 */
export async function modelNames(rows: readonly { path: string; version_id: string }[]): Promise<(ModelName | null)[]> {
	const out: (ModelName | null)[] = new Array(rows.length).fill(null);
	for (let i = 0; i < rows.length; i += AT_ONCE) {
		await Promise.all(
			rows.slice(i, i + AT_ONCE).map(async (r, k) => {
				const versionId = intCell(r.version_id);
				if (!r.path || versionId === undefined) return;
				const v = await versionFromInfo(r.path, versionId).catch(() => undefined);
				const model = v?.model?.name?.trim();
				if (model) out[i + k] = { model, version: v?.name?.trim() || null };
			}),
		);
	}
	return out;
}
