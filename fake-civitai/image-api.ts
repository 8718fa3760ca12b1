import type { FakeGalleryImage } from "./catalogue.js";
import type { ListingAnswer } from "./model-list.js";

/**
 * `GET /api/v1/images` for one image or a few (issue 28), as civitai/civitai
 * src/pages/api/v1/images/index.ts and src/server/services/image-search.service.ts answer:
 * `withMeta` is false by default (then `meta` is null); an `imageId` lookup takes the legacy path,
 * whose `meta` is nested as `{id, meta}` unless `flatMeta=true`; `ids=` is a batch whose answer
 * is a subset (unknown ids absent); `page*limit > 1000` is 429 without Retry-After; a busy pod is
 * 503 `{"error":"Server busy, please retry shortly."}` with `Retry-After: 2`.
 */

export interface ImageContext {
	images: readonly FakeGalleryImage[];
	/** The origin answering, for the image URLs. */
	self: string;
	/** Whether an image is hidden on this origin (mature ones on the first). */
	hidden: (i: FakeGalleryImage) => boolean;
	/** Busy answers to give first (a live count, spent one per request). */
	busy: { left: number };
}

const bool = (v: string | null) => v === "true";

export function imageListing(url: URL, ctx: ImageContext): ListingAnswer {
	const q = url.searchParams;
	const limit = Number(q.get("limit") ?? "50");
	if (!Number.isInteger(limit) || limit < 0 || limit > 200) return { status: 400, body: { error: { name: "ZodError", path: ["limit"] } } };
	for (const k of ["imageId", "page"]) {
		const v = q.get(k);
		if (v !== null && !/^\d+$/.test(v)) return { status: 400, body: { error: { name: "ZodError", path: [k] } } };
	}
	const page = q.get("page");
	if (page !== null && q.get("cursor") === null && Number(page) * limit > 1000) {
		return { status: 429, body: { error: "You've requested too many pages, please use cursors instead" } };
	}
	if (ctx.busy.left > 0) {
		ctx.busy.left--;
		return {
			status: 503,
			body: { error: "Server busy, please retry shortly." },
			headers: { "retry-after": "2", "cache-control": "no-store" },
		};
	}
	const imageId = q.get("imageId");
	const ids = (q.get("ids") ?? "").split(",").filter((x) => /^\d+$/.test(x.trim()));
	const wanted = imageId !== null ? [imageId] : ids;
	const found = ctx.images.filter((i) => !ctx.hidden(i) && (wanted.length === 0 || wanted.includes(String(i.id)))).slice(0, limit);
	const withMeta = bool(q.get("withMeta"));
	const flat = q.get("flatMeta") !== null ? bool(q.get("flatMeta")) : imageId === null;
	const items = found.map((i) => ({
		id: i.id,
		url: `${ctx.self}/images/${i.id}.jpeg`,
		hash: "U00000fQfQfQfQfQfQfQfQfQfQfQ",
		width: 832,
		height: 1216,
		nsfwLevel: "None",
		type: "image",
		nsfw: false,
		browsingLevel: 1,
		createdAt: "2026-11-01T00:00:00.000Z",
		postId: i.id + 1,
		stats: { cryCount: 0, laughCount: 0, likeCount: 1, dislikeCount: 0, heartCount: 0, commentCount: 0 },
		meta: withMeta ? (flat ? (i.meta ?? null) : { id: i.id, meta: i.meta ?? null }) : null,
		username: "local",
		baseModel: "SDXL 1.0",
		modelVersionIds: i.modelVersionIds ?? [],
	}));
	return { status: 200, body: { items, metadata: {} } };
}
