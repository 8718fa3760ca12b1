import { ImageError } from "../errors.js";
import { a1111Resources, civitaiResources, hashesObject } from "./a1111-params.js";
import { comfyResources, isComfyGraph } from "./comfy-graph.js";
import { exifTexts, isJpeg, isWebp, jpegExif, webpExif } from "./exif-text.js";
import { boundedArray, boundedJson, hashOf, type ImageResource, idOf, kindOf, mergeResources, weightOf } from "./image-resources.js";
import { type ImageText, isPng, pngTexts } from "./png-text.js";

/**
 * The models an image was made with, from the image itself (a PNG, JPEG or WebP, or a ComfyUI
 * workflow `.json`) or from Civitai's record of it (`GET /api/v1/images?imageId=&withMeta=true`).
 * Pure: bytes or parsed JSON in, resources out; a hostile file is refused with an ImageError.
 */

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

/**
 * A Civitai image's `meta` (flat, or nested as `{id, meta}` as the imageId lookup answers) and the
 * item's `modelVersionIds`: `civitaiResources` (version ids), `resources` (names, hashes, weights),
 * `hashes` (the Civitai extension's), `Model hash`/`Model`, `additionalResources` (names).
 * The shapes LoRA Manager's `py/recipes/parsers/civitai_image.py` meets in practice.
 */
export function civitaiMetaResources(item: unknown, file: string): ImageResource[] {
	const top = asObj(item);
	const outer = asObj(top.meta ?? top);
	const meta = outer.meta !== undefined && typeof outer.meta === "object" ? asObj(outer.meta) : outer;
	const model = hashOf(meta["Model hash"]);
	const modelName = typeof meta.Model === "string" ? meta.Model : undefined;
	const resources = boundedArray(meta.resources, file, "resources").map((x): ImageResource => {
		const r = asObj(x);
		const hash = hashOf(r.hash);
		return {
			kind: kindOf(r.type),
			name: typeof r.name === "string" ? r.name : undefined,
			hashes: hash ? [hash] : [],
			weight: weightOf(r.weight),
		};
	});
	const additional = boundedArray(meta.additionalResources, file, "additionalResources").map((x): ImageResource => {
		const r = asObj(x);
		return { kind: kindOf(r.type), name: typeof r.name === "string" ? r.name : undefined, hashes: [], weight: weightOf(r.strength) };
	});
	const ids = boundedArray(top.modelVersionIds, file, "modelVersionIds").flatMap((v): ImageResource[] => {
		const versionId = idOf(v);
		return versionId === undefined ? [] : [{ kind: "other", hashes: [], versionId }];
	});
	return [
		...civitaiResources(meta.civitaiResources, file, "civitaiResources"),
		...(model ? [{ kind: "checkpoint" as const, name: modelName, hashes: [model] }] : []),
		...resources.filter((r) => r.name !== undefined || r.hashes.length > 0),
		...hashesObject(meta.hashes, file, "hashes"),
		...additional.filter((r) => r.name !== undefined),
		...ids,
	];
}

/** What one text of an image names: A1111 parameters (or a JSON record in their place), a ComfyUI prompt or workflow. */
function fromText(t: ImageText, file: string): ImageResource[] {
	const key = t.key.toLowerCase();
	if (key === "prompt" || key === "workflow") return comfyResources(boundedJson(t.text, file, t.key), file, t.key);
	if (key === "parameters" || key === "comment") {
		const text = t.text.trim();
		if (!text.startsWith("{")) return a1111Resources(t.text, file);
		const json = boundedJson(text, file, t.key);
		return isComfyGraph(json) ? comfyResources(json, file, t.key) : civitaiMetaResources(json, file);
	}
	return [];
}

/** The texts that carry generation data, from the image's own container. */
function textsOf(bytes: Uint8Array, file: string): ImageText[] {
	if (isPng(bytes)) return pngTexts(bytes, file);
	if (isJpeg(bytes)) {
		const exif = jpegExif(bytes, file);
		return exif ? exifTexts(exif, file) : [];
	}
	if (isWebp(bytes)) {
		const exif = webpExif(bytes, file);
		return exif ? exifTexts(exif, file) : [];
	}
	throw new ImageError(file, { why: "not_image" });
}

const GENERATION_KEYS = ["parameters", "prompt", "workflow", "comment"];

/**
 * The models an image file names, merged (one entry per model). A `.json` is a ComfyUI workflow (or
 * a Civitai image record); any other file must be a PNG, JPEG or WebP. An image without generation
 * data is refused (`no_metadata`): there is nothing to download from it.
 */
export function imageFileResources(bytes: Uint8Array, file: string): ImageResource[] {
	if (/\.json$/i.test(file) && !isPng(bytes) && !isJpeg(bytes) && !isWebp(bytes)) {
		const json = boundedJson(
			Buffer.from(bytes)
				.toString("utf8")
				.replace(/^\uFEFF/, ""),
			file,
			"workflow",
		);
		return mergeResources(isComfyGraph(json) ? comfyResources(json, file, "workflow") : civitaiMetaResources(json, file));
	}
	const texts = textsOf(bytes, file).filter((t) => GENERATION_KEYS.includes(t.key.toLowerCase()));
	if (texts.length === 0) throw new ImageError(file, { why: "no_metadata" });
	return mergeResources(texts.flatMap((t) => fromText(t, file)));
}

/** The models Civitai's record of an image names (one item of `GET /api/v1/images`), merged. */
export function imagePageResources(item: unknown, label: string): ImageResource[] {
	return mergeResources(civitaiMetaResources(item, label));
}

/**
 * The hash to ask Civitai's by-hash lookup for: a SHA-256, else an AutoV2, else an embedding's
 * 12-digit SHA-256 prefix cut to its AutoV2, else an AutoV3 (a LoRA's 12 digits), else an AutoV1.
 */
export function lookupHash(r: ImageResource): string | undefined {
	const by = (n: number) => r.hashes.find((h) => h.length === n);
	const twelve = by(12);
	return by(64) ?? by(10) ?? (twelve && r.kind === "embedding" ? twelve.slice(0, 10) : twelve) ?? by(8);
}
