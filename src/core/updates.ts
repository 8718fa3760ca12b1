/**
 * Update checks as pure decisions (issue 17): which models the history holds on which Civitai
 * origin, the model-list batches to ask for them (at most 100 ids each), which of them have a newer
 * published version, and what `update` would download.
 */

/** The server's limit on `ids=` in one `GET /api/v1/models` request. */
export const MAX_IDS_PER_REQUEST = 100;

/** The history cells an update check reads. */
export interface OwnedRow {
	url: string;
	model_id: string;
	version_id: string;
	model_type: string;
	path: string;
}

/** One model the history holds: the newest version of it that the history records, and that row. */
export interface OwnedModel<R extends OwnedRow = OwnedRow> {
	modelId: number;
	newestVersionId: number;
	row: R;
}

/** The models to check, per origin (in the order `origins` gives), and the rows without a model or version id. */
export interface CheckPlan<R extends OwnedRow = OwnedRow> {
	byOrigin: Map<string, OwnedModel<R>[]>;
	withoutModelId: number;
	ignored: number;
}

// mutation testing: `Number(v.trim())` → `Number(v)` is an equivalent mutant (Number() ignores surrounding spaces)
const positiveInt = (v: string): number | undefined => (/^\d+$/.test(v.trim()) && Number(v) > 0 ? Number(v.trim()) : undefined);

/** The origin (of `origins`) a history URL names; a URL on none of them (or none at all) is the first's. */
export function originOfUrl(url: string, origins: readonly string[]): string {
	let host: string;
	try {
		host = new URL(url).host.replace(/^www\./, "");
	} catch {
		// mutation testing: emptying this block is an equivalent mutant (host stays undefined, no origin matches it, and
		// the first origin is returned all the same)
		return origins[0]!;
	}
	return origins.find((o) => new URL(o).host.replace(/^www\./, "") === host) ?? origins[0]!;
}

/** Group the history's models by origin; rows without a model or version id are counted, ignored models left out. */
export function planCheck<R extends OwnedRow>(
	rows: readonly R[],
	origins: readonly string[],
	// Stryker disable next-line ArrayDeclaration: a default of ["Stryker was here"] holds no model id (a number)
	ignoreModels: readonly number[] = [],
): CheckPlan<R> {
	const byOrigin = new Map<string, Map<number, OwnedModel<R>>>(origins.map((o) => [o, new Map()]));
	const ignoredIds = new Set<number>();
	let withoutModelId = 0;
	for (const row of rows) {
		const modelId = positiveInt(row.model_id);
		const versionId = positiveInt(row.version_id);
		if (modelId === undefined || versionId === undefined) {
			withoutModelId++;
			continue;
		}
		if (ignoreModels.includes(modelId)) {
			ignoredIds.add(modelId);
			continue;
		}
		const models = byOrigin.get(originOfUrl(row.url, origins))!;
		const had = models.get(modelId);
		if (!had || versionId >= had.newestVersionId) models.set(modelId, { modelId, newestVersionId: versionId, row });
	}
	return {
		byOrigin: new Map([...byOrigin].map(([o, m]) => [o, [...m.values()]])),
		withoutModelId,
		ignored: ignoredIds.size,
	};
}

/** `ids` in batches of at most `size`, in order. */
export function batchIds(ids: readonly number[], size = MAX_IDS_PER_REQUEST): number[][] {
	const out: number[][] = [];
	for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
	return out;
}

/** A version as the model list gives it. */
export interface ListedVersion {
	id: number;
	name?: string | undefined;
	baseModel?: string | undefined;
	publishedAt?: string | undefined;
	/** Gated until then (early access, paid access): not yet an update. ISO date; "" for gated with no end. */
	gatedUntil?: string | undefined;
	/** The primary file's name and size, when the answer gives them. */
	fileName?: string | undefined;
	sizeBytes?: number | undefined;
}

export interface ListedModel {
	id: number;
	name?: string | undefined;
	versions: ListedVersion[];
}

/** A model with a newer published version than the newest one the history holds. */
export interface Outdated<R extends OwnedRow = OwnedRow> {
	modelId: number;
	name: string;
	origin: string;
	have: { id: number; name: string | null; baseModel: string | null };
	/** The newest newer version, whatever its base model. */
	newest: ListedVersion;
	/** The newest version is for another base model than yours (unknown bases count as the same). */
	baseModelChanged: boolean;
	/**
	 * The newest newer version for your base model: `newest` itself when the base did not change, an
	 * older one (v2 for SD 1.5 when the newest, v3, is for SDXL), or null when only other base models
	 * have newer versions.
	 */
	newestSameBase: ListedVersion | null;
	row: R;
}

/** A model the history holds that the answers did not include (deleted, hidden, or no published version). */
export interface NotListed<R extends OwnedRow = OwnedRow> {
	modelId: number;
	origin: string;
	row: R;
}

export interface CheckResult<R extends OwnedRow = OwnedRow> {
	outdated: Outdated<R>[];
	/** How many models the answers did not include; `notListed` names them. */
	notFound: number;
	notListed: NotListed<R>[];
	upToDate: number;
}

/**
 * Which owned models have a newer version. Ignored versions, and versions still gated (early or paid
 * access) at `nowMs`, are never "newest". Pure.
 */
export function findOutdated<R extends OwnedRow>(
	origin: string,
	owned: readonly OwnedModel<R>[],
	listed: readonly ListedModel[],
	// Stryker disable next-line ArrayDeclaration: a default of ["Stryker was here"] holds no version id (a number)
	ignoreVersions: readonly number[] = [],
	nowMs = 0,
): CheckResult<R> {
	const byId = new Map(listed.map((m) => [m.id, m]));
	const result: CheckResult<R> = { outdated: [], notFound: 0, notListed: [], upToDate: 0 };
	for (const o of owned) {
		const model = byId.get(o.modelId);
		if (!model) {
			result.notFound++;
			result.notListed.push({ modelId: o.modelId, origin, row: o.row });
			continue;
		}
		const newer = model.versions.filter((v) => !gated(v, nowMs) && v.id > o.newestVersionId);
		const newest = newestVersion(newer, ignoreVersions);
		if (!newest) {
			result.upToDate++;
			continue;
		}
		const mine = model.versions.find((v) => v.id === o.newestVersionId);
		const haveBase = mine?.baseModel ?? null;
		const changed = baseModelDiffers(haveBase, newest.baseModel ?? null);
		const sameBase = changed
			? newestVersion(
					newer.filter((v) => !baseModelDiffers(haveBase, v.baseModel ?? null)),
					ignoreVersions,
				)
			: newest;
		result.outdated.push({
			modelId: o.modelId,
			name: model.name ?? `model ${o.modelId}`,
			origin,
			have: { id: o.newestVersionId, name: mine?.name ?? null, baseModel: haveBase },
			newest,
			baseModelChanged: changed,
			newestSameBase: sameBase ?? null,
			row: o.row,
		});
	}
	return result;
}

/** Whether a version is still in early (or paid) access at `nowMs`. */
export function gated(v: Pick<ListedVersion, "gatedUntil">, nowMs: number): boolean {
	if (v.gatedUntil === undefined) return false;
	const until = Date.parse(v.gatedUntil);
	return Number.isNaN(until) || until > nowMs;
}

/** The published version with the highest id, ignored versions left out. */
// Stryker disable next-line ArrayDeclaration: a default of ["Stryker was here"] holds no version id (a number)
export function newestVersion(versions: readonly ListedVersion[], ignoreVersions: readonly number[] = []): ListedVersion | undefined {
	let best: ListedVersion | undefined;
	for (const v of versions) if (!ignoreVersions.includes(v.id) && (!best || v.id > best.id)) best = v;
	return best;
}

/** Whether two base models differ; an unknown one (null) is taken as the same. */
export function baseModelDiffers(have: string | null, next: string | null): boolean {
	if (have === null || next === null) return false;
	return have.trim().toLowerCase() !== next.trim().toLowerCase();
}

/** A model `update` takes, and the version of it to download. */
export type UpdatePick<R extends OwnedRow = OwnedRow> = Outdated<R> & { version: ListedVersion };

/**
 * What `update` downloads: for each outdated model the newest version for the same base model (v2 for
 * SD 1.5 even when v3 is for SDXL), or with `allBaseModels` the newest whatever its base. `otherBase`
 * counts the models whose newest version is for another base model (not taken without `allBaseModels`).
 */
export function planUpdate<R extends OwnedRow>(
	outdated: readonly Outdated<R>[],
	allBaseModels: boolean,
): { take: UpdatePick<R>[]; otherBase: number; sizeBytes: number; unknownSize: number } {
	const take: UpdatePick<R>[] = [];
	for (const o of outdated) {
		const version = allBaseModels ? o.newest : o.newestSameBase;
		if (version) take.push({ ...o, version });
	}
	const sizes = take.map((o) => o.version.sizeBytes);
	return {
		take,
		otherBase: allBaseModels ? 0 : outdated.filter((o) => o.baseModelChanged).length,
		sizeBytes: sizes.reduce<number>((a, b) => a + (b ?? 0), 0),
		unknownSize: sizes.filter((s) => s === undefined).length,
	};
}
