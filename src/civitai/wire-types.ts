import { z } from "zod";
import { MAX_ENTRIES } from "../core/json-bounds.js";

/**
 * The parts of Civitai's JSON that civitai-dl reads, checked at the edge: a field of the wrong type
 * is refused with its path, never carried into a plan. Every field but the ids is optional, and a
 * `null` reads as absent: the API drops or nulls empty ones. Unknown fields are ignored.
 */
const opt = <T extends z.ZodType>(t: T) => t.nullish().transform((v) => v ?? undefined);

const id = z.number().int().nonnegative();

/** Bounds on what one answer may hold (see core/json-bounds.ts). */
export { MAX_ENTRIES, MAX_JSON_DEPTH, nestedDeeperThan } from "../core/json-bounds.js";

/** An object of at most MAX_ENTRIES keys, counted before any of them is parsed or copied. */
const boundedRecord = z
	.custom<Record<string, unknown>>((v) => typeof v === "object" && v !== null && !Array.isArray(v))
	.superRefine((v, ctx) => {
		if (Object.keys(v).length > MAX_ENTRIES) {
			ctx.addIssue({ code: "too_big", origin: "object", maximum: MAX_ENTRIES, inclusive: true, input: v, abort: true });
		}
	});

export const WireFileSchema = z.object({
	id,
	name: opt(z.string()),
	sizeKB: opt(z.number().nonnegative()),
	type: opt(z.string()),
	primary: opt(z.boolean()),
	metadata: opt(
		z.object({
			format: z.string().nullish(),
			size: z.string().nullish(),
			fp: z.string().nullish(),
		}),
	),
	hashes: opt(boundedRecord.transform(stringsOnly)),
	downloadUrl: opt(z.string()),
});

/**
 * Loose: the other fields (images, trainedWords, description, stats, ...) are kept as the API sent
 * them, because the `.civitai.info` sidecar is the version object as Civitai returned it.
 */
export const WireVersionSchema = z.looseObject({
	id,
	modelId: opt(id),
	name: opt(z.string()),
	baseModel: opt(z.string()),
	model: opt(z.looseObject({ name: opt(z.string()), type: opt(z.string()), mode: opt(z.string()) })),
	files: opt(z.array(WireFileSchema.loose()).max(MAX_ENTRIES)),
	air: opt(z.string()),
	// early access: `paidAccess` since 2026-07-30, `availability` + `earlyAccessEndsAt` before
	paidAccess: opt(z.object({ permanent: opt(z.boolean()), endsAt: opt(z.string()) })),
	availability: opt(z.string()),
	earlyAccessEndsAt: opt(z.string()),
	earlyAccessDeadline: opt(z.string()),
});

export const WireModelSchema = z.object({
	id,
	name: opt(z.string()),
	type: opt(z.string()),
	mode: opt(z.string()),
	modelVersions: opt(
		z
			.array(
				WireVersionSchema.pick({
					id: true,
					name: true,
					availability: true,
					earlyAccessDeadline: true,
					earlyAccessEndsAt: true,
					paidAccess: true,
				}).strip(),
			)
			.max(MAX_ENTRIES),
	),
});

/**
 * `GET /api/v1/models?ids=...`: a page of models, each with its published versions (newest first),
 * their base models, dates and files with hashes (update checks and batched lookups read these; the
 * versions keep their other fields, as the `.civitai.info` sidecar wants them).
 */
export const WireListedVersionSchema = WireVersionSchema.pick({
	id: true,
	name: true,
	baseModel: true,
	files: true,
	availability: true,
}).extend({
	publishedAt: opt(z.string()),
	/** Present only while the version is in early access (older answers: `earlyAccessEndsAt`). */
	earlyAccessDeadline: opt(z.string()),
	earlyAccessEndsAt: opt(z.string()),
	/** Since 2026-07: null, or `{permanent, endsAt}` while the version is behind a paywall. */
	paidAccess: opt(z.object({ permanent: opt(z.boolean()), endsAt: opt(z.string()) })),
});

export const WireModelListSchema = z.object({
	items: z
		.array(
			// `mode` (Archived, TakenDown): a batched lookup must refuse what the version's own answer would
			WireModelSchema.pick({ id: true, name: true, type: true, mode: true }).extend({
				modelVersions: opt(z.array(WireListedVersionSchema).max(MAX_ENTRIES)),
			}),
		)
		.max(MAX_ENTRIES),
});

export type WireModelList = z.output<typeof WireModelListSchema>;
export type WireListedVersion = z.output<typeof WireListedVersionSchema>;

/** Hash values that are not strings (the API has none today) are dropped, not refused. */
function stringsOnly(r: Record<string, unknown>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(r)) if (typeof v === "string") out[k] = v;
	return out;
}

export type WireFile = z.output<typeof WireFileSchema>;
export type WireVersion = z.output<typeof WireVersionSchema>;
export type WireModel = z.output<typeof WireModelSchema>;

/** How a version is gated: paid for good, or early access until a date (null: no date given). */
export interface Access {
	permanent: boolean;
	until: string | null;
}

/**
 * A version's early/paid access from either shape of answer, or undefined when it is public: the
 * 2026 `paidAccess` object, else the older `availability: "EarlyAccess"` with `earlyAccessEndsAt`,
 * else an `earlyAccessDeadline` from `/models` (present only while gated). Pure.
 */
export function accessOf(
	v: Partial<Pick<WireVersion, "paidAccess" | "availability" | "earlyAccessEndsAt" | "earlyAccessDeadline">>,
): Access | undefined {
	if (v.paidAccess) {
		const permanent = v.paidAccess.permanent === true;
		return { permanent, until: permanent ? null : (v.paidAccess.endsAt ?? null) };
	}
	const until = v.earlyAccessEndsAt ?? v.earlyAccessDeadline ?? null;
	if (v.availability === "EarlyAccess") return { permanent: false, until };
	if (v.availability === undefined && v.earlyAccessDeadline !== undefined) return { permanent: false, until };
	return undefined;
}

/** `files[0].sizeKB`: where in the answer the first problem is. */
export function issuePath(path: readonly PropertyKey[]): string {
	let out = "";
	for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? String(p) : `.${String(p)}`;
	return out || "(top level)";
}
