import { z } from "zod";
import { MAX_ENTRIES } from "../core/json-bounds.js";
import { WireModelListSchema } from "./wire-types.js";

/**
 * The listing answers of issue 28, checked at the edge like every answer: a page of
 * `GET /api/v1/models` (a creator's models, the favorites, a search) with its cursor, and
 * `GET /api/v1/images` (an image's generation data, read by the pure parsers in core/image-meta.ts).
 */

const opt = <T extends z.ZodType>(t: T) => t.nullish().transform((v) => v ?? undefined);

const PageMetadataSchema = z.looseObject({
	nextCursor: opt(z.union([z.string(), z.number()])),
	nextPage: opt(z.string()),
});

/** A page of models with their versions, files and hashes, and where the next page is. */
export const WireModelPageSchema = WireModelListSchema.extend({ metadata: opt(PageMetadataSchema) });
export type WireModelPage = z.output<typeof WireModelPageSchema>;

/** Images with their `meta` (free-form: the parsers read it) and the versions Civitai linked them to. */
export const WireImageListSchema = z.object({
	items: z
		.array(
			z.looseObject({
				id: z.number().int().nonnegative(),
				meta: z.unknown(),
				modelVersionIds: z.unknown(),
			}),
		)
		.max(MAX_ENTRIES),
	metadata: opt(PageMetadataSchema),
});
export type WireImageList = z.output<typeof WireImageListSchema>;
