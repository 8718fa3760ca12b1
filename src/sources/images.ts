import { open, stat } from "node:fs/promises";
import { imageFileResources, imagePageResources } from "../core/image-meta.js";
import type { ImageResource } from "../core/image-resources.js";
import { MAX_TEXT_BYTES } from "../core/png-text.js";
import type { Site } from "../core/sites.js";
import { DownloadError, ImageError, UsageError } from "../errors.js";
import { msg } from "../i18n/msg.js";
import { politely, type SourceDeps } from "./deps.js";

/**
 * Where an image's generation data comes from: the file (read whole, within a bound, and handed to
 * the pure parsers), or Civitai's record of an image page (`GET /api/v1/images?imageId=&withMeta=true`;
 * `withMeta` is false by default, and `nsfw=X` lets a mature image be found, as LoRA Manager asks).
 */

/** The largest image read (a 4K PNG from an upscaler is 20-40 MiB). */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

/** The bytes of an image file, refused before reading when larger than the bound (a workflow `.json`: 8 MiB). */
export async function readImageFile(path: string, label: string): Promise<Uint8Array> {
	const limit = /\.json$/i.test(path) ? MAX_TEXT_BYTES : MAX_IMAGE_BYTES;
	const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
		if (e.code === "ENOENT") throw new UsageError(msg("cliNoSuchFile", { path: label }));
		throw new ImageError(label, { why: "unreadable", code: e.code ?? String(e) });
	});
	if (!info.isFile()) throw new ImageError(label, { why: "unreadable", code: "EISDIR" });
	if (info.size > limit) throw new ImageError(label, { why: "too_big", limitMiB: limit / 2 ** 20 });
	const handle = await open(path, "r");
	try {
		// a file that grew since it was measured is read only up to the bound
		const buffer = Buffer.alloc(Math.min(info.size, limit) + 1);
		const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
		if (bytesRead > limit) throw new ImageError(label, { why: "too_big", limitMiB: limit / 2 ** 20 });
		return buffer.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
}

/** The models an image file names. */
export async function fileResources(path: string, label: string): Promise<ImageResource[]> {
	return imageFileResources(await readImageFile(path, label), label);
}

/**
 * The models Civitai's record of an image names, asked of the site its URL names and (not shown
 * there) of the other origin once, as a model is; an image neither shows is not found.
 */
export async function pageResources(imageId: number, site: Site, deps: SourceDeps): Promise<{ resources: ImageResource[]; site: Site }> {
	const query = `imageId=${imageId}&withMeta=true&nsfw=X`;
	const other = site === deps.sites.base ? deps.sites.red : deps.sites.base;
	for (const s of other ? [site, other] : [site]) {
		const answer = await politely(deps, s, (client) => client.getImages(query, deps.signal));
		const item = answer.items.find((i) => i.id === imageId);
		if (item) return { resources: imagePageResources(item, `${s.origin}/images/${imageId}`), site: s };
	}
	throw new DownloadError("not_found", msg("errNoSuchImage", { imageId, origin: site.origin }));
}
