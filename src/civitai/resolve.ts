import { type Category, categoryOf } from "../core/categories.js";
import { defaultVersion } from "../core/listing.js";
import { asSha256, type Sha256 } from "../core/sha256.js";
import type { Site, Sites } from "../core/sites.js";
import { canonicalDownloadUrl, type FileSelector, type Target } from "../core/targets.js";
import { cleanText } from "../core/text.js";
import { DownloadError, UsageError } from "../errors.js";
import { msg } from "../i18n/msg.js";
import type { CivitaiClient } from "./client.js";
import { type Access, accessOf, type WireFile, type WireModel, type WireVersion } from "./wire-types.js";

/** Everything needed to download one file, from the API. */
export interface ResolvedItem {
	modelId: number;
	modelName: string;
	modelType: string;
	category: Category;
	versionId: number;
	versionName: string;
	fileId: number;
	/** The file name as the API gives it (not yet sanitised), or a stand-in made from the ids. */
	fileName: string;
	/** False when the API gave no name: the storage's Content-Disposition then names the file. */
	fileNameFromApi: boolean;
	sizeBytes: number | undefined;
	/** When Civitai has hashed the file. */
	sha256: Sha256 | undefined;
	/** `/api/download/models/V?fileId=F` on the origin that answered (base or red). */
	downloadUrl: string;
	/** The version is paid or in early access (from its answer, or the model's list): the plan labels it. */
	access?: Access;
	/** The version object as the API returned it (unknown fields kept): for the sidecar files. */
	version?: WireVersion;
	/**
	 * `model:ID` took an older version: the newer ones it passed over, in early or paid access (newest
	 * first). Name one (`version:V`) to try access you have bought.
	 */
	passedOver?: { id: number; name: string; access: Access }[];
}

/** The run's sites and the metadata client of each (the `Requests` gateway is one). */
export interface SiteClients {
	readonly sites: Sites;
	client(site: Site): CivitaiClient;
}

function pickFile(v: WireVersion, fileId: number | undefined, selector: FileSelector | undefined): WireFile {
	const versionId = v.id;
	const files = v.files ?? [];
	if (v.model?.mode === "Archived" || v.model?.mode === "TakenDown") {
		throw new DownloadError("archived", msg("errVersionUnavailable", { versionId, mode: v.model.mode.toLowerCase() }));
	}
	if (fileId !== undefined) {
		const f = files.find((x) => x.id === fileId);
		if (!f) throw new DownloadError("not_found", msg("errNoSuchFile", { versionId, fileId, files: files.map((x) => x.id).join(", ") }));
		return f;
	}
	if (selector) {
		const match = files.find(
			(f) =>
				(selector.type === undefined || (f.type ?? "Model") === selector.type) &&
				(selector.format === undefined || f.metadata?.format === selector.format) &&
				(selector.size === undefined || f.metadata?.size === selector.size) &&
				(selector.fp === undefined || f.metadata?.fp === selector.fp),
		);
		if (!match) throw new DownloadError("not_found", msg("errNoMatchingFile", { versionId, selector: JSON.stringify(selector) }));
		return match;
	}
	const primary = files.find((f) => f.primary === true) ?? files[0];
	if (!primary) throw new DownloadError("not_found", msg("errNoFiles", { versionId }));
	return primary;
}

/** What a version's access says for the pure picks: gated until (ISO), "" gated with no end, undefined open. */
function gatedUntil(a: Access | undefined): string | undefined {
	return a === undefined ? undefined : a.permanent ? "" : (a.until ?? "");
}

type Listed = { id: number; access?: Access; passedOver?: NonNullable<ResolvedItem["passedOver"]> };

/**
 * A model's default version: the newest the user can download (`defaultVersion`), and the gated
 * newer ones it passed over.
 */
function defaultOf(model: WireModel, modelId: number, nowMs: number): Listed {
	// the model's answer lists its versions without their files: each is taken to have one
	const versions = (model.modelVersions ?? []).map((v) => {
		const access = accessOf(v);
		return { v, access, id: v.id, baseModel: undefined, gatedUntil: gatedUntil(access), sizeBytes: undefined, hasFile: true };
	});
	const chosen = defaultVersion(versions, nowMs);
	if (!chosen) throw new DownloadError("not_found", msg("errNoPublishedVersion", { modelId }));
	const passedOver = chosen.passedOver.map((x) => ({ id: x.id, name: cleanText(x.v.name ?? ""), access: x.access! }));
	return { ...withAccess(chosen.pick.id, chosen.pick.access), ...(passedOver.length > 0 ? { passedOver } : {}) };
}

/** The version to fetch, and what the model's list says of its early access (`/models` has the deadline). */
async function versionIdFor(target: Target, client: CivitaiClient, signal: AbortSignal | undefined, nowMs: number): Promise<Listed> {
	switch (target.kind) {
		case "version":
			return { id: target.versionId };
		case "model": {
			const model = await client.getModel(target.modelId, signal);
			const versions = model.modelVersions ?? [];
			if (target.versionId !== undefined) {
				const listed = versions.find((v) => v.id === target.versionId);
				if (!listed) {
					throw new DownloadError(
						"not_found",
						msg("errNotAVersionOf", { versionId: target.versionId, modelId: target.modelId, modelName: cleanText(model.name ?? "?") }),
					);
				}
				return withAccess(listed.id, accessOf(listed));
			}
			return defaultOf(model, target.modelId, nowMs);
		}
		case "number": {
			const t = await disambiguateNumber(target.id, client, signal);
			if (t.kind === "number") throw new DownloadError("not_found", msg("errNoSuchId", { id: target.id }));
			return versionIdFor(t, client, signal, nowMs);
		}
	}
}

/**
 * A bare number: a version id, a model id, or (when it is both) refused with a hint. An id that is
 * neither comes back unchanged, for the caller to report.
 */
export async function disambiguateNumber(id: number, client: CivitaiClient, signal?: AbortSignal): Promise<Target> {
	const [asModel, asVersion] = await Promise.all([
		client.getModel(id, signal).catch(notFoundAsUndefined),
		client.getVersion(id, signal).catch(notFoundAsUndefined),
	]);
	if (asModel && asVersion) {
		throw new UsageError(
			msg("errAmbiguousNumber", {
				id,
				modelName: cleanText(asModel.name ?? "?"),
				versionModelName: cleanText(asVersion.model?.name ?? "?"),
			}),
		);
	}
	if (asVersion) return { kind: "version", versionId: id };
	if (asModel) return { kind: "model", modelId: id };
	return { kind: "number", id };
}

function withAccess(id: number, access: Access | undefined): { id: number; access?: Access } {
	return access ? { id, access } : { id };
}

function notFoundAsUndefined(e: unknown): undefined {
	if (e instanceof DownloadError && e.kind === "not_found") return undefined;
	throw e;
}

/** Resolve a target to one file through the API. `fileId` (from --file-id) beats the target's own. */
export async function resolveTarget(
	target: Target,
	client: CivitaiClient,
	opts: { fileId?: number | undefined; signal?: AbortSignal | undefined; baseUrl: string; nowMs?: number | undefined },
): Promise<ResolvedItem> {
	const listed = await versionIdFor(target, client, opts.signal, opts.nowMs ?? client.now());
	const version = await client.getVersion(listed.id, opts.signal);
	const resolved = resolvedFromVersion(version, {
		fileId: opts.fileId ?? ("fileId" in target ? target.fileId : undefined),
		selector: target.kind === "version" ? target.selector : undefined,
		baseUrl: opts.baseUrl,
		modelId: target.kind === "model" ? target.modelId : 0,
		access: listed.access,
	});
	return listed.passedOver ? { ...resolved, passedOver: listed.passedOver } : resolved;
}

/**
 * The one mapping from a version object (a `/model-versions/:id` answer, or a version of a
 * `/models?ids=` list with its model's fields filled in) to the file to download. Throws the
 * archived/not-found DownloadErrors of `pickFile`. Pure.
 */
export function resolvedFromVersion(
	version: WireVersion,
	opts: { fileId: number | undefined; selector?: FileSelector | undefined; baseUrl: string; modelId?: number; access?: Access | undefined },
): ResolvedItem {
	const access = accessOf(version) ?? opts.access;
	const file = pickFile(version, opts.fileId, opts.selector);
	// every name below is the server's text: cleaned of escape codes and controls before anyone prints it
	const modelType = cleanText(version.model?.type ?? "Other");
	const sha = asSha256(cleanText(file.hashes?.SHA256 ?? ""));
	const fileName = cleanText(file.name ?? "");
	return {
		modelId: version.modelId ?? opts.modelId ?? 0,
		modelName: cleanText(version.model?.name ?? ""),
		modelType,
		category: categoryOf(modelType),
		versionId: version.id,
		versionName: cleanText(version.name ?? ""),
		fileId: file.id,
		fileName: fileName || `${version.id}-${file.id}.bin`,
		fileNameFromApi: fileName !== "",
		sizeBytes: file.sizeKB === undefined ? undefined : Math.round(file.sizeKB * 1024),
		sha256: sha,
		downloadUrl: canonicalDownloadUrl(opts.baseUrl, version.id, file.id),
		...(access ? { access: { permanent: access.permanent, until: access.until === null ? null : cleanText(access.until) } } : {}),
		version,
	};
}

function isNotFound(e: unknown): boolean {
	return e instanceof DownloadError && e.kind === "not_found";
}

/**
 * Resolve on the run's origins. A target on civitai.red goes to the red site; any other is asked of
 * the base site first and, when that answers not found, of the red site once (civitai.com answers 404
 * for models only civitai.red serves). A not-found there too fails with the base site's error; any
 * other failure there is reported as it is.
 */
export async function resolveOnSites(
	target: Target,
	on: SiteClients,
	opts: { fileId?: number | undefined; signal?: AbortSignal | undefined; nowMs?: number | undefined },
): Promise<ResolvedItem> {
	const at = (site: Site) => resolveTarget(target, on.client(site), { ...opts, baseUrl: site.baseUrl });
	const { base, red } = on.sites;
	if (!red) return at(base);
	if (target.site === "red") return at(red);
	try {
		return await at(base);
	} catch (e) {
		if (!isNotFound(e)) throw e;
		try {
			return await at(red);
		} catch (again) {
			throw isNotFound(again) ? e : again;
		}
	}
}
