import type { ResolvedItem } from "../civitai/resolve.js";
import { resolvedFromVersion } from "../civitai/resolve.js";
import type { WireModelPage } from "../civitai/wire-lists.js";
import type { WireModelList } from "../civitai/wire-types.js";
import { type ListSpec, listQuery, nextPage, type PagingState, pickVersions, typeWanted } from "../core/listing.js";
import type { Site } from "../core/sites.js";
import { cleanText } from "../core/text.js";
import { versionFromList } from "../download/batch-resolve.js";
import { DownloadError, wordsOf } from "../errors.js";
import { listedModels } from "../updates/check.js";
import { politely, type SourceDeps } from "./deps.js";

/**
 * A listing source (a creator's models, the favorites, a search) through `GET /api/v1/models`:
 * pages of up to 100 models with their versions, files and hashes, followed by cursor, each
 * request paced and retried as every lookup is. What it lists is resolved from the pages
 * themselves: no request per model or version.
 */

/** One listed model as `search` shows it: the version `get` would take (or, when none, the newest listed). */
export interface ListedRow {
	modelId: number;
	name: string;
	modelType: string;
	versionId: number | null;
	version: string | null;
	baseModel: string | null;
	sizeBytes: number | null;
	/** A version the user can download now. */
	downloadable: boolean;
}

export interface Listing {
	/** Models listed (after the type filter, up to `--limit`). */
	models: number;
	pages: number;
	/** The versions to download, in listing order. */
	picked: ResolvedItem[];
	rows: ListedRow[];
	/** Versions left out because they are in early or paid access. */
	gated: number;
	/** Models with nothing to take (no file, archived, another base model). */
	skipped: number;
	/** Why the listing stopped before its end (a listing that never ends, a cursor that loops). */
	stopped?: { why: "max_pages" | "cursor_loop"; pages: number };
	/** The civitai.red listing failed (after its retries): what only it serves is left out, and why. */
	redFailed?: { origin: string; reason: string };
}

type PageModel = WireModelPage["items"][number];

/** A model's versions to take (resolved from the page), and its row. */
function takeModel(page: WireModelList, model: PageModel, site: Site, deps: SourceDeps, out: Listing): void {
	const listed = listedModels({ items: [model] })[0]!.versions;
	const hasFile = (id: number) => (model.modelVersions?.find((v) => v.id === id)?.files?.length ?? 0) > 0;
	const pick = pickVersions(
		listed.map((v) => ({ ...v, hasFile: model.mode === undefined && hasFile(v.id) })),
		{ allVersions: deps.filters.allVersions, baseModels: deps.filters.baseModels, nowMs: deps.clock.now() },
	);
	out.gated += pick.gated;
	let taken = 0;
	for (const v of pick.take) {
		const wire = versionFromList(page, model.id, v.id);
		try {
			if (wire) out.picked.push(resolvedFromVersion(wire, { fileId: undefined, baseUrl: site.baseUrl, modelId: model.id }));
			taken++;
		} catch (e) {
			if (!(e instanceof DownloadError)) throw e;
		}
	}
	if (taken === 0 && pick.gated === 0) out.skipped++;
	const shown = pick.take[0] ?? listed[0];
	out.rows.push({
		modelId: model.id,
		name: cleanText(model.name ?? `model ${model.id}`),
		modelType: cleanText(model.type ?? "?"),
		versionId: shown?.id ?? null,
		version: shown?.name === undefined ? null : cleanText(shown.name),
		baseModel: shown?.baseModel === undefined ? null : cleanText(shown.baseModel),
		sizeBytes: shown?.sizeBytes ?? null,
		downloadable: pick.take.length > 0,
	});
}

/** Models by id (`--all-versions` of model targets): one `ids=` list of at most 100, their versions taken as a listing's. */
export async function listByIds(ids: readonly number[], site: Site, deps: SourceDeps): Promise<Listing> {
	const out: Listing = { models: 0, pages: 1, picked: [], rows: [], gated: 0, skipped: 0 };
	const page = await politely(deps, site, (client) => client.getModelsByIds(ids, deps.signal));
	for (const model of page.items) {
		if (!ids.includes(model.id) || out.rows.some((r) => r.modelId === model.id)) continue;
		out.models++;
		takeModel(page, model, site, deps, out);
	}
	return out;
}

/**
 * Every page of a listing, up to `limit` models (`--limit`), MAX_LIST_PAGES pages, or a cursor seen
 * before. Models in `already` (listed on the other origin) are passed over.
 */
export async function listSource(
	spec: ListSpec,
	site: Site,
	deps: SourceDeps,
	already: ReadonlySet<number> = new Set(),
	limit = deps.filters.limit,
): Promise<Listing> {
	const out: Listing = { models: 0, pages: 0, picked: [], rows: [], gated: 0, skipped: 0 };
	const state: PagingState = { pages: 0, seen: new Set(), models: 0 };
	const seenModels = new Set<number>(already);
	let cursor: string | undefined;
	for (;;) {
		const query = listQuery(spec, deps.filters, cursor);
		const page = await politely(deps, site, (client) => client.listModels(query, deps.signal));
		state.pages++;
		for (const model of page.items) {
			if (limit !== undefined && state.models >= limit) break;
			// a listing that repeats itself lists nothing twice
			if (seenModels.has(model.id) || !typeWanted(model.type, deps.filters.types)) continue;
			seenModels.add(model.id);
			state.models++;
			takeModel(page, model, site, deps, out);
		}
		const step = nextPage(state, page.metadata, limit);
		if (step.next === "done") break;
		if (step.next === "stop") {
			out.stopped = { why: step.why, pages: step.pages };
			break;
		}
		cursor = step.cursor;
	}
	out.models = state.models;
	out.pages = state.pages;
	return out;
}

/**
 * A listing on the site it names and, when it lists mature models (`nsfw=true`: a creator, the
 * favorites, `search --nsfw`) and a civitai.red origin is configured, there too: since April 2026
 * some models are served only by civitai.red, and civitai.com leaves them out. The second listing adds
 * the models the first did not list (up to what `--limit` leaves), resolved on civitai.red.
 */
export async function listOnSites(spec: ListSpec, site: Site, deps: SourceDeps): Promise<Listing> {
	const first = await listSource(spec, site, deps);
	const red = deps.sites.red;
	const left = deps.filters.limit === undefined ? undefined : deps.filters.limit - first.models;
	const mature = spec.kind !== "search" || spec.nsfw === true;
	if (!red || site === red || !mature || first.stopped || (left !== undefined && left <= 0)) return first;
	let more: Listing;
	try {
		more = await listSource(spec, red, deps, new Set(first.rows.map((r) => r.modelId)), left);
	} catch (e) {
		// what civitai.com listed still stands; the run says what is missing and why
		if (!(e instanceof DownloadError) || deps.signal?.aborted) throw e;
		return { ...first, redFailed: { origin: red.origin, reason: wordsOf(e, deps.m) } };
	}
	return {
		models: first.models + more.models,
		pages: first.pages + more.pages,
		picked: [...first.picked, ...more.picked],
		rows: [...first.rows, ...more.rows],
		gated: first.gated + more.gated,
		skipped: first.skipped + more.skipped,
		...(more.stopped ? { stopped: more.stopped } : {}),
	};
}
