import type { ResolvedItem } from "../civitai/resolve.js";
import { resolvedFromVersion } from "../civitai/resolve.js";
import type { Category } from "../core/categories.js";
import { lookupHash } from "../core/image-meta.js";
import { type ImageResource, inLibrary } from "../core/image-resources.js";
import { BY_HASH_BATCH } from "../core/import-plan.js";
import type { Site } from "../core/sites.js";
import { cleanText } from "../core/text.js";
import { DownloadError, wordsOf } from "../errors.js";
import { lookUp } from "../import/lookup.js";
import { politely, type SourceDeps } from "./deps.js";

/**
 * An image's models, each to what the user gets: already in the library (by version id, by a hash
 * that is its SHA-256's prefix, or, named only, by file name), on Civitai (its version id looked up,
 * its hash through the by-hash lookups import uses, batched), or unknown (never guessed). Every
 * request is paced and retried as every lookup is.
 */

export type ResourceStatus = "have" | "download" | "unknown" | "failed";

export interface ResourceRow {
	/** Cleaned of escape codes: the image's words, or the model's name on Civitai. */
	name: string;
	kind: Category;
	weight: number | null;
	status: ResourceStatus;
	versionId: number | null;
	/** Why a lookup failed (status "failed"). */
	reason?: string;
	resolved?: ResolvedItem | undefined;
}

/** A version of the image, on its site and then (not found there) on the other one. */
async function versionOnSites(versionId: number, sites: Site[], deps: SourceDeps): Promise<ResolvedItem | undefined> {
	for (const site of sites) {
		try {
			const v = await politely(deps, site, (client) => client.getVersion(versionId, deps.signal));
			return resolvedFromVersion(v, { fileId: undefined, baseUrl: site.baseUrl });
		} catch (e) {
			if (!(e instanceof DownloadError) || e.kind !== "not_found") throw e;
		}
	}
	return undefined;
}

function nameOf(r: ImageResource, resolved: ResolvedItem | undefined): string {
	const hash = r.hashes[0];
	const shown = resolved
		? `${resolved.modelName || "?"} (${resolved.versionName || resolved.versionId})`
		: (r.name ?? hash ?? `#${r.versionId}`);
	// a name that was only escape codes is shown as what else is known of it
	return cleanText(shown).trim().slice(0, 120) || cleanText(hash ?? (r.versionId === undefined ? "?" : `#${r.versionId}`));
}

/** Whether the library holds what a resource resolved to (its version, or its file's SHA-256). */
function libraryHas(resolved: ResolvedItem, deps: SourceDeps): boolean {
	return (
		deps.library.versionIds.has(resolved.versionId) || (resolved.sha256 !== undefined && deps.library.sha256s.includes(resolved.sha256))
	);
}

/** The hashes not in the library, asked as import asks (a SHA-256 batch, the rest one by one on each site). */
async function byHashes(want: readonly string[], sites: Site[], deps: SourceDeps) {
	return lookUp(want, {
		requests: deps.requests,
		sites,
		batchSize: BY_HASH_BATCH,
		m: deps.m,
		emit: (e) => {
			if (e.type === "lookup") deps.stats.requests++;
			if (e.type === "lookup_retry")
				deps.onRetry({ origin: e.origin, retry: e.retry, max: e.maxRetries, delayMs: e.delayMs, reason: e.reason });
		},
	});
}

/** Each resource's row, in the image's order; one row per Civitai file (a version named twice is shown once). */
export async function resolveResources(resources: readonly ImageResource[], site: Site, deps: SourceDeps): Promise<ResourceRow[]> {
	const other = site === deps.sites.base ? deps.sites.red : deps.sites.base;
	const sites = other ? [site, other] : [site];
	const rows: (ResourceRow & { r: ImageResource })[] = resources.map((r) => ({
		r,
		name: nameOf(r, undefined),
		kind: r.kind,
		weight: r.weight ?? null,
		status: !deps.force && inLibrary(r, deps.library) ? "have" : "unknown",
		versionId: r.versionId ?? null,
	}));
	for (const row of rows.filter((x) => x.status === "unknown" && x.r.versionId !== undefined)) {
		try {
			row.resolved = await versionOnSites(row.r.versionId!, sites, deps);
		} catch (e) {
			if (!(e instanceof DownloadError)) throw e;
			Object.assign(row, { status: "failed", reason: wordsOf(e, deps.m) });
		}
	}
	const hashed = rows.filter((x) => x.status === "unknown" && !x.resolved && lookupHash(x.r) !== undefined);
	const answers =
		hashed.length > 0
			? await byHashes(
					hashed.map((x) => lookupHash(x.r)!),
					sites,
					deps,
				)
			: undefined;
	for (const row of hashed) {
		const hash = lookupHash(row.r)!.toUpperCase();
		const hit = answers?.found.get(hash);
		const miss = answers?.failed.get(hash);
		if (miss) Object.assign(row, { status: "failed", reason: miss.reason });
		const hitSite = hit && sites.find((s) => s.origin === hit.origin);
		if (hit && hitSite) row.resolved = resolvedFromVersion(hit.version, { fileId: hit.id.fileId, baseUrl: hitSite.baseUrl });
	}
	return finish(rows, deps);
}

/** Statuses from what was resolved; the library asked again by what Civitai said; a file named twice shown once. */
function finish(rows: (ResourceRow & { r: ImageResource })[], deps: SourceDeps): ResourceRow[] {
	const seen = new Map<string, ResourceRow>();
	const out: ResourceRow[] = [];
	for (const { r, ...row } of rows) {
		const res = row.resolved;
		if (res) {
			const key = `${res.versionId}:${res.fileId}`;
			const had = seen.get(key);
			if (had) {
				had.weight ??= row.weight;
				continue;
			}
			seen.set(key, row);
			row.name = nameOf(r, res);
			row.kind = res.category;
			row.versionId = res.versionId;
			row.status = !deps.force && libraryHas(res, deps) ? "have" : "download";
		}
		out.push(row);
	}
	return out;
}
