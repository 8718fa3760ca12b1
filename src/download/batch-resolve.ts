import type { ResolvedItem, SiteClients } from "../civitai/resolve.js";
import { resolvedFromVersion } from "../civitai/resolve.js";
import type { WireModelList, WireVersion } from "../civitai/wire-types.js";
import type { Site, SiteName } from "../core/sites.js";
import { batchIds } from "../core/updates.js";
import { DownloadError } from "../errors.js";
import { intCell } from "../history/columns.js";
import type { RunItem } from "./run-context.js";

/**
 * Batched lookups: history rows (`redownload all`, `--from`) know their model and version ids, so
 * one `GET /api/v1/models?ids=` (up to 100 models with their versions, files and hashes) answers
 * what would otherwise be one `/model-versions/:id` request per item. Items the lists do not
 * answer (no model id, version not listed, model hidden on this origin, archived) are resolved one
 * by one as before.
 */

export interface LookupBatch {
	site: SiteName;
	modelIds: number[];
}

export interface BatchPlan {
	batches: LookupBatch[];
	/** Item index (in the run's order) → its batch's index in `batches`. */
	batchOf: Map<number, number>;
}

/** A site's items are batched only when there are at least this many (one item: its own request is as cheap). */
export const MIN_ITEMS_TO_BATCH = 2;

const positive = (v: number | undefined): number | undefined => (v !== undefined && v > 0 ? v : undefined);

/** The model id of an item that a model list can answer: a version target with its row's model id. */
function batchableModelId(item: RunItem): number | undefined {
	if (item.resolved || item.target?.kind !== "version" || item.target.selector) return undefined;
	return positive(intCell(item.row?.model_id));
}

/**
 * Group the batchable items by site (a red target on the red site when there is one, everything
 * else on the base site) and their distinct model ids into batches of at most 100, in item order. Pure.
 */
export function planBatches(items: readonly RunItem[], hasRed: boolean): BatchPlan {
	const bySite = new Map<SiteName, { index: number; modelId: number }[]>();
	for (const [index, item] of items.entries()) {
		const modelId = batchableModelId(item);
		if (modelId === undefined) continue;
		const site: SiteName = hasRed && item.target?.site === "red" ? "red" : "base";
		const owned = bySite.get(site) ?? [];
		owned.push({ index, modelId });
		bySite.set(site, owned);
	}
	const plan: BatchPlan = { batches: [], batchOf: new Map() };
	for (const [site, owned] of bySite) {
		if (owned.length < MIN_ITEMS_TO_BATCH) continue;
		const chunks = batchIds([...new Set(owned.map((o) => o.modelId))]);
		const batchOfModel = new Map<number, number>();
		for (const modelIds of chunks) {
			for (const id of modelIds) batchOfModel.set(id, plan.batches.length);
			plan.batches.push({ site, modelIds });
		}
		for (const o of owned) plan.batchOf.set(o.index, batchOfModel.get(o.modelId)!);
	}
	return plan;
}

/**
 * A listed version as the version endpoint would give it: its model's id, name, type and mode
 * filled in (the list has them on the model). Pure.
 */
export function versionFromList(list: WireModelList, modelId: number, versionId: number): WireVersion | undefined {
	const model = list.items.find((m) => m.id === modelId);
	const listed = model?.modelVersions?.find((v) => v.id === versionId);
	if (!model || !listed) return undefined;
	return { air: undefined, ...listed, modelId: model.id, model: { name: model.name, type: model.type, mode: model.mode } };
}

/** Runs one list request politely (the run's pacer, retry ladder and events). */
export type PoliteFetch = (fetch: () => Promise<WireModelList>) => Promise<WireModelList>;

/**
 * The run's batched lookups. A batch is fetched the first time one of its items needs resolving
 * (so a run whose files are all there asks nothing), once, shared by every item in it.
 */
export class BatchLookups {
	private readonly fetched = new Map<number, Promise<WireModelList | undefined>>();
	/** Batches whose one try (a sidecar repair's) failed: later tries ask them again only with retries. */
	private readonly failedOnce = new Set<number>();
	/** List requests sent (for tests and the bench). */
	requests = 0;

	constructor(
		private readonly plan: BatchPlan,
		private readonly on: SiteClients,
	) {}

	/**
	 * The item resolved from its batch's list, or undefined: resolve it one by one. `once`: `politely`
	 * tries once (a sidecar repair); a list that fails then is not asked again by such a try, but is
	 * by the next caller that retries (a download), instead of leaving its items one by one.
	 */
	async resolvedFor(
		index: number,
		item: RunItem,
		politely: PoliteFetch,
		signal?: AbortSignal,
		once = false,
	): Promise<ResolvedItem | undefined> {
		const b = this.plan.batchOf.get(index);
		if (b === undefined || item.target?.kind !== "version") return undefined;
		const batch = this.plan.batches[b]!;
		const site = batch.site === "red" ? this.on.sites.red : this.on.sites.base;
		if (!site) return undefined;
		let list = this.fetched.get(b);
		if (!list) {
			if (once && this.failedOnce.has(b)) return undefined;
			list = this.fetch(b, site, politely, signal, once);
			this.fetched.set(b, list);
		}
		const answer = await list;
		const version = answer && versionFromList(answer, batchableModelId(item)!, item.target.versionId);
		if (!version) return undefined;
		try {
			return resolvedFromVersion(version, {
				fileId: item.fileId ?? item.target.fileId,
				baseUrl: site.baseUrl,
				modelId: version.modelId ?? 0,
			});
		} catch (e) {
			if (e instanceof DownloadError) return undefined; // archived, file not listed: the version's own answer decides
			throw e;
		}
	}

	private async fetch(b: number, site: Site, politely: PoliteFetch, signal: AbortSignal | undefined, once: boolean) {
		try {
			return await politely(() => {
				this.requests++;
				return this.on.client(site).getModelsByIds(this.plan.batches[b]!.modelIds, signal);
			});
		} catch (e) {
			if (!(e instanceof DownloadError) || signal?.aborted) throw e;
			// a list that failed after its retries costs nothing more: its items go one by one
			if (once) {
				this.fetched.delete(b);
				this.failedOnce.add(b);
			}
			return undefined;
		}
	}
}
