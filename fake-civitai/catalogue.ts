import { sha256Of } from "./bytes.js";
import type { ImageFormat } from "./images.js";

/** A file of a version in the fake catalogue. Bytes come from `seed` (default: `file-<id>`). */
export interface FakeFile {
	id: number;
	name: string;
	sizeBytes: number;
	seed?: string;
	/** ModelFileType, e.g. "Model", "VAE", "Training Data". Default "Model". */
	type?: string;
	format?: string;
	size?: "full" | "pruned";
	fp?: string;
	primary?: boolean;
	/** Publish no hashes for this file (a freshly uploaded file). */
	noHashes?: boolean;
	/** Leave `name` out of the API's JSON (only the storage's Content-Disposition carries it). */
	noNameInApi?: boolean;
	/** Leave `sizeKB` out of the API's JSON (the size is then known only from the storage, if at all). */
	noSizeInApi?: boolean;
	/** Send the name as RFC 5987 `filename*` in the signed URL's content disposition. */
	filenameStar?: boolean;
}

/** An image of a version, served with real bytes by the storage origin (another host than the API). */
export interface FakeImage {
	format: ImageFormat;
	/** Civitai's bitmask level: 1 PG, 2 PG-13, 4 R, 8 X, 16 XXX, 32 banned. */
	nsfwLevel: number;
	/** Default "image". */
	type?: "image" | "video";
	/** Its URL answers 404. */
	missing?: boolean;
	/** A hostile answer: listed at this URL instead of the image host's. */
	url?: string;
	/** Its URL on the API origin answers 302 to this location (`{storage}` stands for the storage origin, which serves the image). */
	redirectTo?: string;
	/** A PNG's colours, top to bottom (a 48×64 gradient, for a report's screenshot); default a 1×1 red PNG. */
	colors?: [[number, number, number], [number, number, number]];
}

export interface FakeVersion {
	id: number;
	name: string;
	baseModel?: string;
	files: FakeFile[];
	/** Downloads need a valid API key even when the server allows anonymous downloads. */
	requireAuth?: boolean;
	/** ISO date: the version is in early access until then (answers in the older shape: `availability`, `earlyAccessEndsAt`). */
	earlyAccessDeadline?: string;
	/** Paid or early access in the 2026 shape (`paidAccess: {permanent, endsAt}`): a download is refused with 403. */
	paidAccess?: { permanent: boolean; endsAt: string | null };
	usageControl?: "Download" | "Generation" | "InternalGeneration" | "ExternalGeneration";
	status?: "Published" | "Draft" | "Unpublished";
	trainedWords?: string[];
	publishedAt?: string;
	/** Listed in `images[]` in this order; served at `<api>/images/<version>/<n>.jpeg` whatever the format (as Civitai does). */
	images?: FakeImage[];
	/** The version's HTML description. */
	description?: string;
}

export interface FakeModel {
	id: number;
	name: string;
	/** Civitai ModelType: Checkpoint, LORA, LoCon, DoRA, TextualInversion, VAE, ... */
	type: string;
	mode?: "Archived" | "TakenDown";
	nsfw?: boolean;
	/** Served only by the red origin (civitai.red): the first origin answers 404 for it. */
	mature?: boolean;
	/** Newest (default) version first, as Civitai orders them. */
	versions: FakeVersion[];
	/** The creator's user name (default "local"): `GET /api/v1/models?username=` lists by it. */
	creator?: string;
	/** Tags (`tag=` lists by them; default ["local"]). */
	tags?: string[];
	/** In the favorites of every valid API key (`favorites=true`). */
	favorite?: boolean;
}

/** An image posted to the site, with the generation data `GET /api/v1/images?withMeta=true` gives. */
export interface FakeGalleryImage {
	id: number;
	/** The image's `meta` as Civitai keeps it (free-form), or null: none. */
	meta: unknown;
	/** The versions Civitai linked the image to (`modelVersionIds`). */
	modelVersionIds?: number[];
	/** Served only by the red origin. */
	mature?: boolean;
}

export interface FakeCatalogue {
	models: FakeModel[];
	/** Images with generation data (issue 28). */
	images?: FakeGalleryImage[];
}

export function fileSeed(f: FakeFile): string {
	return f.seed ?? `file-${f.id}`;
}

export function hashesOf(f: FakeFile): Record<string, string> {
	if (f.noHashes) return {};
	const sha = sha256Of(fileSeed(f), f.sizeBytes);
	// a stand-in BLAKE3 (node has none): unique per file, 64 hex digits like the real one
	return { AutoV2: sha.slice(0, 10), SHA256: sha, BLAKE3: sha256Of(`blake3:${fileSeed(f)}`, 64) };
}

export interface Located {
	model: FakeModel;
	version: FakeVersion;
}

export class CatalogueIndex {
	readonly models = new Map<number, FakeModel>();
	readonly versions = new Map<number, Located>();

	constructor(catalogue: FakeCatalogue) {
		for (const model of catalogue.models) {
			this.models.set(model.id, model);
			for (const version of model.versions) this.versions.set(version.id, { model, version });
		}
	}

	isPublished(v: FakeVersion): boolean {
		return (v.status ?? "Published") === "Published";
	}

	primaryFile(v: FakeVersion): FakeFile | undefined {
		return v.files.find((f) => f.primary) ?? v.files[0];
	}

	byHash(hash: string): Located | undefined {
		const wanted = hash.toUpperCase();
		for (const loc of this.versions.values()) {
			if (!this.isPublished(loc.version)) continue;
			for (const f of loc.version.files) {
				if (Object.values(hashesOf(f)).includes(wanted)) return loc;
			}
		}
		return undefined;
	}
}

/** Drop null/undefined fields and empty arrays, as Civitai's `removeEmpty` does in /models/:id. */
export function removeEmpty<T extends Record<string, unknown>>(o: T): Partial<T> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(o)) {
		if (v === null || v === undefined) continue;
		if (Array.isArray(v) && v.length === 0) continue;
		out[k] = v;
	}
	return out as Partial<T>;
}

export function fileDownloadUrl(origin: string, v: FakeVersion, f: FakeFile, primary: boolean): string {
	const base = `${origin}/api/download/models/${v.id}`;
	if (primary) return base;
	const q = new URLSearchParams();
	q.set("type", f.type ?? "Model");
	if (f.format && f.type !== "Training Data") q.set("format", f.format);
	if (f.size) q.set("size", f.size);
	if (f.fp) q.set("fp", f.fp);
	return `${base}?${q}`;
}

function fileJson(origin: string, v: FakeVersion, f: FakeFile, primaryKeyOnlyWhenTrue: boolean) {
	const isPrimary = f === (v.files.find((x) => x.primary) ?? v.files[0]);
	const metadata = removeEmpty({ format: f.format, size: f.size, fp: f.fp });
	return {
		id: f.id,
		...(f.noSizeInApi ? {} : { sizeKB: f.sizeBytes / 1024 }),
		...(f.noNameInApi ? {} : { name: f.name }),
		type: f.type ?? "Model",
		pickleScanResult: f.noHashes ? "Pending" : "Success",
		pickleScanMessage: f.noHashes ? null : "No Pickle imports",
		virusScanResult: f.noHashes ? "Pending" : "Success",
		virusScanMessage: null,
		scannedAt: f.noHashes ? null : "2026-01-01T00:00:00.000Z",
		metadata: primaryKeyOnlyWhenTrue ? metadata : { format: f.format ?? null, size: f.size ?? null, fp: f.fp ?? null },
		hashes: hashesOf(f),
		...(primaryKeyOnlyWhenTrue ? (isPrimary ? { primary: true } : {}) : { primary: isPrimary }),
		downloadUrl: fileDownloadUrl(origin, v, f, isPrimary),
	};
}

/**
 * `GET /api/v1/models/:id` body (each of `/api/v1/models?ids=` items too). Images come from
 * `imageOrigin` (default: the API's), as the version's own answer lists them.
 */
export function modelJson(origin: string, idx: CatalogueIndex, m: FakeModel, imageOrigin = origin) {
	const versions = m.versions
		.filter((v) => idx.isPublished(v) && v.files.length > 0)
		.map((v, index) =>
			removeEmpty({
				id: v.id,
				index,
				name: v.name,
				baseModel: v.baseModel ?? "SDXL 1.0",
				baseModelType: "Standard",
				createdAt: v.publishedAt ?? "2026-01-01T00:00:00.000Z",
				publishedAt: v.publishedAt ?? "2026-01-01T00:00:00.000Z",
				status: "Published",
				availability: v.earlyAccessDeadline ? "EarlyAccess" : "Public",
				nsfwLevel: 1,
				description: null,
				trainedWords: v.trainedWords ?? [],
				earlyAccessDeadline: v.earlyAccessDeadline ?? v.paidAccess?.endsAt ?? null,
				// as the version's own answer: `{permanent, endsAt}` while gated (null, so left out, otherwise)
				paidAccess: v.paidAccess ?? null,
				stats: { downloadCount: 10, thumbsUpCount: 1, thumbsDownCount: 0 },
				files: m.mode ? [] : v.files.map((f) => fileJson(origin, v, f, true)),
				images: m.mode === "TakenDown" ? [] : imagesJson(imageOrigin, v),
				downloadUrl: m.mode ? null : `${origin}/api/download/models/${v.id}`,
			}),
		);
	return removeEmpty({
		id: m.id,
		name: m.name,
		description: "<p>A model in the local Civitai.</p>",
		type: m.type,
		nsfw: m.nsfw ?? false,
		nsfwLevel: 1,
		availability: "Public",
		poi: false,
		minor: false,
		sfwOnly: false,
		mode: m.mode ?? null,
		allowNoCredit: true,
		allowCommercialUse: "{Image,RentCivit}",
		allowDerivatives: true,
		allowDifferentLicense: true,
		supportsGeneration: false,
		stats: { downloadCount: null, thumbsUpCount: 1, thumbsDownCount: 0, commentCount: 0, tippedAmountCount: 0 },
		creator: { username: m.creator ?? "local", image: null },
		tags: m.tags ?? ["local"],
		modelVersions: versions,
	});
}

const AIR_TYPES: Record<string, string> = {
	Checkpoint: "checkpoint",
	LORA: "lora",
	LoCon: "lycoris",
	DoRA: "dora",
	TextualInversion: "embedding",
	Hypernetwork: "hypernet",
	MotionModule: "motion",
	Upscaler: "upscaler",
	VAE: "vae",
	Controlnet: "controlnet",
};

/** A version's `images[]`, pointing at the image host. */
export function imagesJson(imageOrigin: string, v: FakeVersion) {
	return (v.images ?? []).map((img, n) => ({
		url: img.url ?? `${imageOrigin}/images/${v.id}/${n}.jpeg`,
		nsfwLevel: img.nsfwLevel,
		width: 1,
		height: 1,
		hash: "U00000fQfQfQfQfQfQfQfQfQfQfQ",
		type: img.type ?? "image",
		metadata: { hash: "U00000fQfQfQfQfQfQfQfQfQfQfQ", width: 1, height: 1 },
	}));
}

/** `GET /api/v1/model-versions/:id` body (also by-hash). Images come from `imageOrigin` (default: the API's). */
export function versionJson(origin: string, loc: Located, imageOrigin = origin) {
	const { model: m, version: v } = loc;
	return {
		id: v.id,
		modelId: m.id,
		name: v.name,
		createdAt: v.publishedAt ?? "2026-01-01T00:00:00.000Z",
		updatedAt: v.publishedAt ?? "2026-01-01T00:00:00.000Z",
		status: v.status ?? "Published",
		publishedAt: v.publishedAt ?? "2026-01-01T00:00:00.000Z",
		trainedWords: v.trainedWords ?? [],
		trainingStatus: null,
		trainingDetails: null,
		baseModel: v.baseModel ?? "SDXL 1.0",
		baseModelType: null,
		description: v.description ?? null,
		uploadType: "Created",
		usageControl: v.usageControl ?? "Download",
		// older answers: availability + earlyAccessEndsAt; since 2026-07-30: paidAccess
		...(v.earlyAccessDeadline ? { availability: "EarlyAccess", earlyAccessEndsAt: v.earlyAccessDeadline } : {}),
		paidAccess: v.paidAccess ?? null,
		licensingFee: null,
		air: `urn:air:sdxl:${AIR_TYPES[m.type] ?? "unknown"}:civitai:${m.id}@${v.id}`,
		stats: { downloadCount: 10, thumbsUpCount: 1 },
		model: { name: m.name, type: m.type, nsfw: m.nsfw ?? false, poi: false, ...(m.mode ? { mode: m.mode } : {}) },
		files: m.mode ? [] : v.files.map((f) => fileJson(origin, v, f, false)),
		images: m.mode === "TakenDown" ? [] : imagesJson(imageOrigin, v),
		downloadUrl: `${origin}/api/download/models/${v.id}`,
	};
}
