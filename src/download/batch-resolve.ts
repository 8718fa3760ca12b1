import type { ResolvedItem, SiteClients } from "../civitai/resolve.js";
import { resolvedFromVersion } from "../civitai/resolve.js";
import type { WireModelList, WireVersion } from "../civitai/wire-types.js";
import type { Site, SiteName } from "../core/sites.js";
import { batchIds } from "../core/updates.js";
import { DownloadError } from "../errors.js";
import { intCell } from "../history/columns.js";
import type { RunItem } from "./run-context.js";

/**
 * Batched lookups: one `GET /api/v1/models` answers up to 100 items with their versions, files and
 * hashes, where each would otherwise ask `/model-versions/:id`. History rows (`redownload all`,
 * `--from`) know their model ids: `?ids=`. Version ids alone (`get version:1 version:2 …`, download
 * links) are asked as `?modelVersionIds=` (the models holding them; Civitai's list takes the filter,
 * src/pages/api/v1/models/index.ts). Items the lists do not answer (no such version listed, an
 * unpublished or early-access one, a model hidden on this origin, archived) are resolved one by one
 * as before, so a list that leaves versions out costs a request, never a file.
 */

export interface LookupBatch {
	site: SiteName;
	/** What `ids` are: model ids (`?ids=`) or version ids (`?modelVersionIds=`). */
	by: "model" | "version";
	ids: number[];
}

export interface BatchPlan {
	batches: LookupBatch[];
	/** Item index (in the run's order) → its batch's index in `batches`. */
	batchOf: Map<number, number>;
}

/** A site's items are batched only when there are at least this many (one item: its own request is as cheap). */
export const MIN_ITEMS_TO_BATCH = 2;

const positive = (v: number | undefined): number | undefined => (v !== undefined && v > 0 ? v : undefined);

/** A version target a list can answer: not resolved yet, no file selector (the version's own answer applies it). */
function batchableVersion(item: RunItem): number | undefined {
	if (item.resolved || item.target?.kind !== "version" || item.target.selector) return undefined;
	return item.target.versionId;
}

/** The model id of an item that a model list can answer: a version target with its row's model id. */
function batchableModelId(item: RunItem): number | undefined {
	return batchableVersion(item) === undefined ? undefined : positive(intCell(item.row?.model_id));
}

/** How an item is batched: by its row's model id, else by its version id; undefined: one by one. */
function batchKey(item: RunItem): { by: LookupBatch["by"]; id: number } | undefined {
	const modelId = batchableModelId(item);
	if (modelId !== undefined) return { by: "model", id: modelId };
	const versionId = batchableVersion(item);
	return versionId === undefined ? undefined : { by: "version", id: versionId };
}

/**
 * Group the batchable items by site (a red target on the red site when there is one, everything
 * else on the base site), then by what they are asked by (model ids, else version ids), and the
 * distinct ids into batches of at most 100, in item order. Pure.
 */
export function planBatches(items: readonly RunItem[], hasRed: boolean): BatchPlan {
	const groups = new Map<string, { site: SiteName; by: LookupBatch["by"]; owned: { index: number; id: number }[] }>();
	for (const [index, item] of items.entries()) {
		const key = batchKey(item);
		if (key === undefined) continue;
		const site: SiteName = hasRed && item.target?.site === "red" ? "red" : "base";
		const name = `${site} ${key.by}`;
		const group = groups.get(name) ?? { site, by: key.by, owned: [] };
		group.owned.push({ index, id: key.id });
		groups.set(name, group);
	}
	const plan: BatchPlan = { batches: [], batchOf: new Map() };
	for (const { site, by, owned } of groups.values()) {
		if (owned.length < MIN_ITEMS_TO_BATCH) continue;
		const chunks = batchIds([...new Set(owned.map((o) => o.id))]);
		const batchOfId = new Map<number, number>();
		for (const ids of chunks) {
			for (const id of ids) batchOfId.set(id, plan.batches.length);
			plan.batches.push({ site, by, ids });
		}
		for (const o of owned) plan.batchOf.set(o.index, batchOfId.get(o.id)!);
	}
	return plan;
}

/**
 * A listed version as the version endpoint would give it: its model's id, name, type and mode
 * filled in (the list has them on the model). Pure.
 */
export function versionFromList(list: WireModelList, modelId: number | undefined, versionId: number): WireVersion | undefined {
	const model =
		modelId === undefined
			? list.items.find((m) => m.modelVersions?.some((v) => v.id === versionId))
			: list.items.find((m) => m.id === modelId);
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
		const version = answer && versionFromList(answer, batch.by === "model" ? batchableModelId(item) : undefined, item.target.versionId);
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
				const { by, ids } = this.plan.batches[b]!;
				const client = this.on.client(site);
				return by === "model" ? client.getModelsByIds(ids, signal) : client.getModelsByVersionIds(ids, signal);
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
