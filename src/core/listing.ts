import { gated, type ListedVersion } from "./updates.js";

/**
 * Listing sources as pure decisions (issue 28): the `GET /api/v1/models` query of a creator, the
 * user's favorites or a search; when to ask for the next page and when to stop (a listing that
 * never ends, a cursor that comes back); which versions of a listed model to take; and how
 * `--limit` and `--max-size` cut the list.
 *
 * Paging is by cursor only: `page*limit > 1000` is Civitai's 429 without Retry-After, and `query`
 * with `page` its 400 (civitai/civitai src/pages/api/v1/models/index.ts).
 */

export type ListSpec =
	| { kind: "creator"; username: string }
	| { kind: "favorites" }
	| { kind: "search"; query: string; tag?: string | undefined; sort?: string | undefined; period?: string | undefined; nsfw?: boolean };

/** The filters every listing source takes (`--types`, `--base-models`, `--limit`, `--max-size`, `--all-versions`). */
export interface ListFilters {
	/** Civitai model types (`LORA`, `Checkpoint`, ...), as `types` parameters and checked again here. */
	types?: readonly string[] | undefined;
	/** Base models (`SDXL 1.0`, `Pony`, ...): a version for another base model is left out. */
	baseModels?: readonly string[] | undefined;
	/** At most this many models from the listing. */
	limit?: number | undefined;
	/** The list's total size stays within this many bytes (the list is cut where the next file would pass it). */
	maxSizeBytes?: number | undefined;
	/** Every downloadable version of each model, not only the newest. */
	allVersions?: boolean | undefined;
}

/** The server's most models a page (`limit` 0-100). */
export const LIST_PAGE_SIZE = 100;
/** A listing stops after this many pages (10,000 models), whatever the server says next. */
export const MAX_LIST_PAGES = 100;

/** The query of one page: `limit`, `nsfw`, the source, the filters, and the cursor after the first page. */
export function listQuery(spec: ListSpec, filters: ListFilters, cursor?: string): string {
	const q = new URLSearchParams();
	q.set("limit", String(Math.min(LIST_PAGE_SIZE, filters.limit ?? LIST_PAGE_SIZE)));
	// a creator's or the favorites' mature models are theirs too: without nsfw=true they are left out silently
	if (spec.kind !== "search" || spec.nsfw) q.set("nsfw", "true");
	if (spec.kind === "creator") q.set("username", spec.username);
	if (spec.kind === "favorites") q.set("favorites", "true");
	if (spec.kind === "search") {
		if (spec.query !== "") q.set("query", spec.query);
		if (spec.tag) q.set("tag", spec.tag);
		if (spec.sort) q.set("sort", spec.sort);
		if (spec.period) q.set("period", spec.period);
	}
	for (const t of filters.types ?? []) q.append("types", t);
	for (const b of filters.baseModels ?? []) q.append("baseModels", b);
	if (cursor !== undefined) q.set("cursor", cursor);
	return q.toString();
}

/** A page's `metadata` as the answer gives it. */
export interface PageMetadata {
	nextCursor?: string | number | undefined;
	nextPage?: string | undefined;
}

/** Where a listing stands: the pages asked so far, the cursors seen, the models taken. */
export interface PagingState {
	pages: number;
	seen: Set<string>;
	models: number;
}

export type PageStep =
	| { next: "done" }
	| { next: "page"; cursor: string }
	/** Stopped: more pages than MAX_LIST_PAGES, or a cursor the listing already gave. */
	| { next: "stop"; why: "max_pages" | "cursor_loop"; pages: number };

/** The next cursor: `nextCursor`, else the `cursor` of `nextPage` (a `page=` link is never followed). */
export function cursorOf(metadata: PageMetadata | undefined): string | undefined {
	if (metadata?.nextCursor !== undefined && metadata.nextCursor !== "") return String(metadata.nextCursor);
	if (!metadata?.nextPage) return undefined;
	try {
		return new URL(metadata.nextPage).searchParams.get("cursor") ?? undefined;
	} catch {
		return undefined;
	}
}

/**
 * After a page: done (no next cursor, or `--limit` models taken), the next page, or stop (the
 * page budget is spent, or the cursor was seen before: a listing that loops). Records the cursor.
 */
export function nextPage(state: PagingState, metadata: PageMetadata | undefined, limit?: number, maxPages = MAX_LIST_PAGES): PageStep {
	if (limit !== undefined && state.models >= limit) return { next: "done" };
	const cursor = cursorOf(metadata);
	if (cursor === undefined) return { next: "done" };
	if (state.seen.has(cursor)) return { next: "stop", why: "cursor_loop", pages: state.pages };
	if (state.pages >= maxPages) return { next: "stop", why: "max_pages", pages: state.pages };
	state.seen.add(cursor);
	return { next: "page", cursor };
}

/** A listed version with what the decisions read. */
export type PickableVersion = Pick<ListedVersion, "id" | "baseModel" | "gatedUntil" | "sizeBytes"> & { hasFile: boolean };

const norm = (s: string) => s.trim().toLowerCase();

/**
 * Which versions of a listed model to take: the newest one the user can download (not gated at
 * `nowMs`, with a file, for one of `baseModels` when given), or every such version. `gated` counts
 * the versions left out only because they are in early or paid access.
 */
export function pickVersions<V extends PickableVersion>(
	versions: readonly V[],
	opts: { allVersions?: boolean | undefined; baseModels?: readonly string[] | undefined; nowMs: number },
): { take: V[]; gated: number } {
	const bases = opts.baseModels?.map(norm);
	const wanted = versions.filter((v) => v.hasFile && (!bases || bases.includes(norm(v.baseModel ?? ""))));
	const open = wanted.filter((v) => !gated(v, opts.nowMs));
	const take = opts.allVersions ? open : open.slice(0, 1);
	return { take, gated: take.length === 0 || opts.allVersions ? wanted.length - open.length : 0 };
}

/**
 * The version `get model:ID` takes: the newest one the user can download (as `pickVersions` picks it:
 * not gated at `nowMs`, with a file), and the newer ones passed over because they are in early or
 * paid access. When every version is gated, the newest (its refusal then says why); undefined when
 * the model has no version. `versions` newest first, as the API lists them.
 */
export function defaultVersion<V extends PickableVersion>(versions: readonly V[], nowMs: number): { pick: V; passedOver: V[] } | undefined {
	if (versions.length === 0) return undefined;
	const pick = pickVersions(versions, { nowMs }).take[0] ?? versions[0]!;
	return { pick, passedOver: versions.slice(0, versions.indexOf(pick)).filter((v) => gated(v, nowMs)) };
}

/** Whether a model's type is one of `types` (case-insensitive); every type when none is given. */
export function typeWanted(type: string | undefined, types: readonly string[] | undefined): boolean {
	return !types || types.length === 0 || types.some((t) => norm(t) === norm(type ?? ""));
}

/**
 * `--max-size`: the longest head of the list whose total stays within `maxSizeBytes` (a file of
 * unknown size counts as 0). Returns how many items are kept.
 */
export function cutToSize(sizes: readonly (number | undefined)[], maxSizeBytes: number | undefined): number {
	if (maxSizeBytes === undefined) return sizes.length;
	let total = 0;
	for (const [i, s] of sizes.entries()) {
		total += s ?? 0;
		if (total > maxSizeBytes) return i;
	}
	return sizes.length;
}

/** A list larger than this many items or bytes is confirmed before it is downloaded. */
export const CONFIRM_ITEMS = 20;
export const CONFIRM_BYTES = 20 * 1024 ** 3;

/** Whether `get` asks before downloading this list (more than 20 items or 20 GiB). */
export function needsConfirmation(items: number, bytes: number): boolean {
	return items > CONFIRM_ITEMS || bytes > CONFIRM_BYTES;
}
