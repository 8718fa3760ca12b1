import type { ImageExt } from "./names.js";
import type { WireImage } from "./version-fields.js";

/** Older answers' `nsfw` words → the `nsfwLevel` bit they stand for. */
const OLD_LEVELS: Record<string, number> = { none: 1, soft: 2, mature: 4, x: 8 };

/** An image's nsfw level; undefined when the answer does not say (such an image is never chosen). */
export function nsfwLevelOf(img: WireImage): number | undefined {
	if (typeof img.nsfwLevel === "number" && img.nsfwLevel > 0) return img.nsfwLevel;
	if (img.nsfw === false) return 1;
	if (typeof img.nsfw === "string") return OLD_LEVELS[img.nsfw.toLowerCase()];
	return undefined;
}

/**
 * The preview: the first image of the version that is an image (not a video; answers from before
 * videos have no `type`) with a known nsfw level of at most `maxLevel`, at an http(s) URL.
 */
export function pickPreview(images: readonly WireImage[], maxLevel: number): string | undefined {
	for (const img of images) {
		const level = nsfwLevelOf(img);
		if ((img.type ?? "image") !== "image" || level === undefined || level > maxLevel) continue;
		if (img.url && /^https?:\/\//i.test(img.url)) return img.url;
	}
	return undefined;
}

/** What the bytes are, by their magic numbers (the URL's extension says nothing: Civitai serves JPEG at `.png`). */
export function sniffImage(b: Uint8Array): ImageExt | undefined {
	const at = (i: number, bytes: number[]) => bytes.every((x, k) => b[i + k] === x);
	if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
	if (at(0, [0xff, 0xd8, 0xff])) return "jpeg";
	if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return "webp";
	return undefined;
}
