import { basename, dirname, extname, join } from "node:path";

/** `dir/model.safetensors` → `dir/model`: the name every sidecar starts with. */
export function sidecarBase(modelPath: string): string {
	const name = basename(modelPath);
	const ext = extname(name);
	return join(dirname(modelPath), ext && ext !== name ? name.slice(0, -ext.length) : name);
}

export const infoPath = (base: string) => `${base}.civitai.info`;
export const webuiJsonPath = (base: string) => `${base}.json`;
export const cmInfoPath = (base: string) => `${base}.cm-info.json`;
export const previewPath = (base: string, ext: ImageExt) => `${base}.preview.${ext}`;

export type ImageExt = "png" | "jpeg" | "webp";

const PREVIEW_EXTS = ["png", "jpg", "jpeg", "webp", "gif"];

/**
 * Every name a UI takes as the model's preview (A1111 `find_preview`: `<base>.<ext>` and
 * `<base>.preview.<ext>`): if one is there, it is the user's and stays.
 */
export function previewCandidates(base: string): string[] {
	return PREVIEW_EXTS.flatMap((e) => [`${base}.preview.${e}`, `${base}.${e}`]);
}
