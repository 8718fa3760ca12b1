import { disambiguateNumber, type ResolvedItem } from "../civitai/resolve.js";
import { priorityOf } from "../core/categories.js";
import { fileInLibrary } from "../core/image-resources.js";
import { cutToSize, type ListSpec } from "../core/listing.js";
import type { Site } from "../core/sites.js";
import type { Source } from "../core/sources.js";
import type { Target } from "../core/targets.js";
import { batchIds } from "../core/updates.js";
import type { RunItem } from "../download/run-context.js";
import { DownloadError, UsageError, wordsOf } from "../errors.js";
import { msg } from "../i18n/msg.js";
import { politely, type SourceDeps, siteFor } from "./deps.js";
import { fileResources, pageResources } from "./images.js";
import { type Listing, listByIds, listOnSites } from "./listing.js";
import { type ResourceRow, resolveResources } from "./resources.js";

/**
 * The sources of `get` turned into what the engine downloads (issue 28): each listing's and each
 * image's versions, resolved from the answers that named them, what the library already holds left
 * out, checkpoints first within each source, cut by `--max-size`; plain targets stay as they were.
 */

export type SourceReport =
	| { kind: "listing"; source: string; listing: Listing; have: number; take: number; sizeBytes: number }
	| { kind: "image"; source: string; rows: ResourceRow[] };

export interface Expanded {
	items: RunItem[];
	reports: SourceReport[];
	/** Items left out by `--max-size`. */
	cut: number;
	/** Some image lookups failed after their retries (the run then ends with exit 1 at least). */
	lookupsFailed: boolean;
}

export interface GivenSource {
	/** The argument as given (labels and messages). */
	raw: string;
	source: Source;
}

const byPriority = (a: ResolvedItem, b: ResolvedItem) => priorityOf(a.category) - priorityOf(b.category);

function listingReport(source: string, listing: Listing, deps: SourceDeps): { report: SourceReport; items: ResolvedItem[] } {
	const items = listing.picked.filter((r) => deps.force || !fileInLibrary(r, deps.library));
	const sizeBytes = items.reduce((a, r) => a + (r.sizeBytes ?? 0), 0);
	const report: SourceReport = {
		kind: "listing",
		source,
		listing,
		have: listing.picked.length - items.length,
		take: items.length,
		sizeBytes,
	};
	return { report, items };
}

async function listing(spec: ListSpec, site: Site, given: GivenSource, deps: SourceDeps) {
	try {
		return listingReport(given.raw, await listOnSites(spec, site, deps), deps);
	} catch (e) {
		// a refused key for the favorites is said as such (a 401 without one is caught before asking)
		if (spec.kind === "favorites" && e instanceof DownloadError && e.kind === "auth") {
			throw new DownloadError("auth", msg("errFavoritesRefused", { reason: wordsOf(e, deps.m) }), { status: e.status ?? 401, cause: e });
		}
		throw e;
	}
}

/** One source's resolved items and report; a plain target is an item as `get` always made it. */
async function expandOne(given: GivenSource, deps: SourceDeps): Promise<Part> {
	const s = given.source;
	switch (s.kind) {
		case "creator":
			return listing({ kind: "creator", username: s.username }, siteFor(deps, s.site === "red"), given, deps);
		case "favorites":
			if (!deps.apiKey) throw new UsageError(msg("errFavoritesNoKey"));
			return listing({ kind: "favorites" }, deps.sites.base, given, deps);
		case "image_page":
		case "image_file": {
			const named = siteFor(deps, s.kind === "image_page" && s.site === "red");
			const { resources, site } =
				s.kind === "image_file"
					? { resources: await fileResources(s.path, given.raw), site: named }
					: await pageResources(s.imageId, named, deps);
			const rows = await resolveResources(resources, site, deps);
			const items = rows.flatMap((r) => (r.status === "download" && r.resolved ? [r.resolved] : []));
			return { report: { kind: "image", source: given.raw, rows }, items };
		}
		case "target":
			return { items: [await plainItem(given.raw, s.target, deps)] };
	}
}

/** A plain target, as `get` has always taken it (a bare number asked as a model and as a version first). */
async function plainItem(label: string, target: Target, deps: SourceDeps): Promise<RunItem> {
	if (target.kind !== "number") return { label, target };
	const site = deps.sites.base;
	return { label, target: await politely(deps, site, (client) => disambiguateNumber(target.id, client, deps.signal)) };
}

/** The model id of a plain model target without a version (what `--all-versions` lists). */
function wholeModel(g: GivenSource): number | undefined {
	const t = g.source.kind === "target" ? g.source.target : undefined;
	return t?.kind === "model" && t.versionId === undefined ? t.modelId : undefined;
}

/** `--all-versions` of plain model targets: their versions from model lists, 100 models a request. */
async function allVersions(targets: readonly GivenSource[], deps: SourceDeps) {
	const out: Part[] = [];
	for (const onRed of [false, true]) {
		const mine = targets.filter((g) => g.source.kind === "target" && (g.source.target.site === "red") === onRed);
		const site = siteFor(deps, onRed);
		for (const ids of batchIds([...new Set(mine.map((g) => wholeModel(g)!))])) {
			const listed = await listByIds(ids, site, deps);
			out.push(listingReport(ids.map((id) => `model:${id}`).join(", "), listed, deps));
			// a model the list does not have is asked by itself, and fails with the version endpoint's own words
			const found = new Set(listed.rows.map((r) => r.modelId));
			for (const g of mine) {
				const id = wholeModel(g)!;
				if (ids.includes(id) && !found.has(id) && g.source.kind === "target")
					out.push({ items: [{ label: g.raw, target: g.source.target }] });
			}
		}
	}
	return out;
}

const isResolved = (x: ResolvedItem | RunItem): x is ResolvedItem => "downloadUrl" in x;

type Part = { report?: SourceReport; items: (ResolvedItem | RunItem)[] };

/** The parts in order: plain targets first, then the resolved items, each part checkpoint first, each file once, cut by `--max-size`. */
function assemble(parts: readonly Part[], deps: SourceDeps): Expanded {
	const seen = new Set<string>();
	const resolved: ResolvedItem[] = [];
	const plain: RunItem[] = [];
	for (const p of parts) {
		plain.push(...p.items.filter((x): x is RunItem => !isResolved(x)));
		for (const x of p.items.filter(isResolved).sort(byPriority)) {
			if (seen.has(`${x.versionId}:${x.fileId}`)) continue;
			seen.add(`${x.versionId}:${x.fileId}`);
			resolved.push(x);
		}
	}
	const keep = cutToSize(
		resolved.map((r) => r.sizeBytes),
		deps.filters.maxSizeBytes,
	);
	const items = [...plain, ...resolved.slice(0, keep).map((r): RunItem => ({ label: r.fileName, resolved: r }))];
	const reports = parts.flatMap((p) => (p.report ? [p.report] : []));
	const lookupsFailed = reports.some((r) => r.kind === "image" && r.rows.some((x) => x.status === "failed"));
	return { items, reports, cut: resolved.length - keep, lookupsFailed };
}

/** One listing (`search --get`) as the list to download. */
export function expandListing(source: string, listed: Listing, deps: SourceDeps): Expanded {
	return assemble([listingReport(source, listed, deps)], deps);
}

/** Every source, in the order given; listed and image-named versions checkpoint first within each, then cut by `--max-size`. */
export async function expandSources(given: readonly GivenSource[], deps: SourceDeps): Promise<Expanded> {
	const whole = (g: GivenSource) => deps.filters.allVersions === true && wholeModel(g) !== undefined;
	const parts: Part[] = [];
	for (const g of given) if (!whole(g)) parts.push(await expandOne(g, deps));
	parts.push(...(await allVersions(given.filter(whole), deps)));
	return assemble(parts, deps);
}
