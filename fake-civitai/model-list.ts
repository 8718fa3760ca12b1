import { type CatalogueIndex, type FakeModel, modelJson } from "./catalogue.js";

/**
 * `GET /api/v1/models` as a listing (issue 28): a creator's models (`username`), the caller's
 * favorites (`favorites=true`, which needs a valid key), a search (`query`, `tag`), filtered by
 * `types` and `baseModels` (single or repeated), `nsfw`, sorted (`sort`), paged by `cursor` (or by
 * `page`, within Civitai's limits). As civitai/civitai src/pages/api/v1/models/index.ts answers, in
 * its order of checks: `favorites`/`hidden` without a user is 401 {"error":"Unauthorized"}; a bad
 * parameter 400 with a zod error object; `page*limit > 1000` 429 without Retry-After; `query` with
 * `page` 400; a search brown-out 503 with `Retry-After: 2` and `Cache-Control: no-store`.
 */

export interface ListingAnswer {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

/** How the local Civitai may misbehave when listing (the attacks of issue 28's note). */
export type ListingAttack =
	/** Every page says there is another, with a new cursor, and lists the same models again. */
	| "endless"
	/** The cursors go a → b → a → b ... */
	| "cursor_loop";

export interface ListingContext {
	idx: CatalogueIndex;
	models: readonly FakeModel[];
	/** The origin answering (its own URLs in the answer). */
	self: string;
	storageOrigin: string;
	/** The caller's key is a valid one. */
	authed: boolean;
	/** Whether a model is hidden on this origin (mature ones on the first). */
	hidden: (m: FakeModel) => boolean;
	/** Search answers to give as the 503 brown-out first (a live count, spent one per search). */
	searchOverloads: { left: number };
	attack?: ListingAttack | undefined;
}

const MODEL_TYPES = new Set([
	"Checkpoint",
	"TextualInversion",
	"Hypernetwork",
	"AestheticGradient",
	"LORA",
	"LoCon",
	"DoRA",
	"Controlnet",
	"Upscaler",
	"MotionModule",
	"VAE",
	"TextEncoder",
	"UNet",
	"CLIPVision",
	"Poses",
	"Wildcards",
	"Workflows",
	"ComfyWorkflows",
	"Detection",
	"VisionLanguage",
	"CLIP",
	"LLM",
	"Other",
]);
const SORTS = new Set([
	"Highest Rated",
	"Most Downloaded",
	"Most Liked",
	"Most Discussed",
	"Most Collected",
	"Most Images",
	"Newest",
	"Oldest",
]);
const PERIODS = new Set(["AllTime", "Year", "Month", "Week", "Day"]);

const zodError = (path: string, message: string): ListingAnswer => ({
	status: 400,
	body: { error: { issues: [{ code: "invalid_value", path: [path], message }], name: "ZodError" } },
});

/** Civitai's `postgresSlugify` of a user name, near enough: lower case, other characters as `-`. */
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9_]+/g, "-");

function matches(m: FakeModel, q: URLSearchParams, ctx: ListingContext): boolean {
	if (ctx.hidden(m) || (m.nsfw && q.get("nsfw") !== "true")) return false;
	const username = q.get("username");
	if (username !== null && slug(m.creator ?? "local") !== slug(username)) return false;
	if (q.get("favorites") === "true" && !m.favorite) return false;
	const query = q.get("query")?.toLowerCase();
	if (query && !m.name.toLowerCase().includes(query) && !(m.tags ?? []).some((t) => t.toLowerCase().includes(query))) return false;
	const tag = q.get("tag")?.toLowerCase();
	if (tag && !(m.tags ?? ["local"]).some((t) => t.toLowerCase() === tag)) return false;
	const types = q.getAll("types");
	if (types.length > 0 && !types.includes(m.type)) return false;
	const bases = q.getAll("baseModels");
	return bases.length === 0 || m.versions.some((v) => bases.includes(v.baseModel ?? "SDXL 1.0"));
}

/** The parameters as Civitai's schema checks them; the first problem, or undefined. */
function badParameter(q: URLSearchParams): ListingAnswer | undefined {
	const limit = Number(q.get("limit") ?? "100");
	if (!Number.isInteger(limit) || limit < 0 || limit > 100) return zodError("limit", "Number must be less than or equal to 100");
	const page = q.get("page");
	if (page !== null && !(Number(page) >= 1)) return zodError("page", "Number must be greater than or equal to 1");
	for (const t of q.getAll("types")) if (!MODEL_TYPES.has(t)) return zodError("types", `Invalid enum value. Received '${t}'`);
	const sort = q.get("sort");
	if (sort !== null && !SORTS.has(sort)) return zodError("sort", `Invalid enum value. Received '${sort}'`);
	const period = q.get("period");
	if (period !== null && !PERIODS.has(period)) return zodError("period", `Invalid enum value. Received '${period}'`);
	const cursor = q.get("cursor");
	if (cursor !== null && !/^\d+(\|\d+)?$/.test(cursor)) return zodError("cursor", "Invalid cursor");
	return undefined;
}

/** Where a page starts: the cursor's offset (`<offset>|<last id>`, or a plain offset for a search), or the page's. */
function offsetOf(q: URLSearchParams, limit: number): number {
	const cursor = q.get("cursor");
	if (cursor !== null) return Number(cursor.split("|")[0]);
	const page = q.get("page");
	return page === null ? 0 : (Number(page) - 1) * limit;
}

/** The next cursor the attacks give instead of the honest one. */
function attackCursor(ctx: ListingContext, q: URLSearchParams): string {
	const now = Number((q.get("cursor") ?? "0").split("|")[0]);
	return ctx.attack === "endless" ? `${now + 1}|0` : `${now === 1 ? 2 : 1}|0`;
}

export function modelListing(url: URL, ctx: ListingContext): ListingAnswer {
	const q = url.searchParams;
	if ((q.has("favorites") || q.has("hidden")) && !ctx.authed) return { status: 401, body: { error: "Unauthorized" } };
	const bad = badParameter(q);
	if (bad) return bad;
	const limit = Number(q.get("limit") ?? "100");
	const page = q.get("page");
	const usingPage = page !== null && q.get("cursor") === null;
	if (usingPage && Number(page) * limit > 1000)
		return { status: 429, body: { error: "You've requested too many pages, please use cursors instead" } };
	const query = q.get("query");
	if (query && page !== null)
		return { status: 400, body: { error: "Cannot use page param with query search. Use cursor-based pagination." } };
	if (query && ctx.searchOverloads.left > 0) {
		ctx.searchOverloads.left--;
		const headers = { "retry-after": "2", "cache-control": "no-store" };
		return { status: 503, body: { error: "Model search is temporarily overloaded — please retry." }, headers };
	}
	let found = ctx.models.filter((m) => matches(m, q, ctx));
	const sort = q.get("sort");
	if (sort === "Newest") found = [...found].sort((a, b) => b.id - a.id);
	if (sort === "Oldest") found = [...found].sort((a, b) => a.id - b.id);
	const start = ctx.attack ? 0 : offsetOf(q, limit);
	const items = found
		.slice(start, start + limit)
		.map((m) => modelJson(ctx.self, ctx.idx, m, ctx.storageOrigin))
		.filter((b) => (b.modelVersions?.length ?? 0) > 0);
	const more = ctx.attack !== undefined || start + limit < found.length;
	const last = found[Math.min(found.length, start + limit) - 1]?.id ?? 0;
	const nextCursor = !more ? undefined : ctx.attack ? attackCursor(ctx, q) : query ? String(start + limit) : `${start + limit}|${last}`;
	const next = new URL(url);
	if (nextCursor !== undefined) next.searchParams.set("cursor", nextCursor);
	const metadata = {
		...(nextCursor !== undefined ? { nextCursor, nextPage: next.toString() } : {}),
		...(usingPage ? { currentPage: Number(page), pageSize: limit } : {}),
	};
	return { status: 200, body: { items, metadata }, headers: { "cache-control": "public, s-maxage=300, stale-while-revalidate=150" } };
}
