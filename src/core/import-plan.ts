import { type Category, categoryOf } from "./categories.js";
import { asSha256, isSha256Hex, type Sha256 } from "./sha256.js";

/**
 * Pure decisions of `import` (issue 16 §1): which files on disk are candidates, how hashes are
 * batched for Civitai's by-hash lookup, which file entry of a by-hash answer a local file is, and
 * when a cached hash may be reused.
 */

/** The extensions of model files (lowercase, with the dot). */
export const MODEL_EXTENSIONS: readonly string[] = [".safetensors", ".ckpt", ".pt", ".pth", ".bin", ".gguf", ".sft", ".onnx"];

/** Civitai's `POST /api/v1/model-versions/by-hash` takes at most this many hashes (400 beyond). */
export const BY_HASH_BATCH = 100;

/** Whether a file name is a model file (case-insensitive extension; a hidden `.x.part` or `.safetensors` alone is not). */
export function isModelFile(name: string): boolean {
	const lower = name.toLowerCase();
	const dot = lower.lastIndexOf(".");
	if (dot <= 0) return false;
	return MODEL_EXTENSIONS.includes(lower.slice(dot));
}

/** The files to identify: model files whose (absolute, normalised) path the history does not record, each once, in the order found. */
export function importCandidates<T extends { path: string }>(found: readonly T[], recordedPaths: ReadonlySet<string>): T[] {
	const seen = new Set<string>();
	const out: T[] = [];
	for (const f of found) {
		const name = f.path.split(/[\\/]/).pop() ?? "";
		if (!isModelFile(name) || recordedPaths.has(f.path) || seen.has(f.path)) continue;
		seen.add(f.path);
		out.push(f);
	}
	return out;
}

/**
 * The recorded paths that hold the same file as `file` (the same SHA-256, or the same version and file
 * ids), other than its own path: where the history already keeps this version. A copy of one of them
 * that still exists is not recorded again (the history keeps one place per version: the last row wins,
 * and a copy recorded later would hide the original from `verify` and `history`).
 */
export function recordedElsewhere(
	file: { path: string; sha256: string; versionId: number; fileId: number },
	recorded: ReadonlyMap<string, { sha256: string; versionId: number | undefined; fileId: number | undefined }>,
): string[] {
	const sha = asSha256(file.sha256);
	const out: string[] = [];
	for (const [path, r] of recorded) {
		if (path === file.path) continue;
		const sameHash = sha !== undefined && r.sha256 !== "" && asSha256(r.sha256) === sha;
		const sameIds = r.versionId === file.versionId && r.fileId === file.fileId;
		if (sameHash || sameIds) out.push(path);
	}
	return out;
}

/** Each hash once, as it enters (upper case), in the order first seen (two copies of a file are asked about once). */
export function distinctHashes(hashes: readonly string[]): Sha256[] {
	return [...new Set(hashes.flatMap((h) => asSha256(h) ?? []))];
}

/** Distinct hashes (uppercase) in batches of at most `size`, order kept. */
export function hashBatches(hashes: readonly string[], size = BY_HASH_BATCH): Sha256[][] {
	if (size < 1) throw new RangeError("batch size must be at least 1");
	const distinct = distinctHashes(hashes);
	const out: Sha256[][] = [];
	for (let i = 0; i < distinct.length; i += size) out.push(distinct.slice(i, i + size));
	return out;
}

/** What a by-hash answer (a version object) holds that import reads. */
export interface ByHashVersion {
	id: number;
	modelId?: number | undefined;
	name?: string | undefined;
	model?: { name?: string | undefined; type?: string | undefined } | undefined;
	files?: readonly { id: number; name?: string | undefined; hashes?: Record<string, string> | undefined }[] | undefined;
}

/** A local file identified: the ids of its model, version and file entry, and its category. */
export interface Identification {
	modelId: number;
	versionId: number;
	fileId: number;
	category: Category;
	modelName: string;
	versionName: string;
	fileName: string;
}

/** Whether a file's hashes hold `wanted` (uppercase): its SHA-256; a shorter hash as any of its hash types, or as its AutoV2 (the SHA-256's first 10). */
function holds(hashes: Record<string, string> | undefined, wanted: string): boolean {
	const sha = asSha256(hashes?.SHA256) ?? "";
	if (wanted.length === 64) return sha === wanted;
	return (wanted.length === 10 && sha.startsWith(wanted)) || Object.values(hashes ?? {}).some((h) => h.toUpperCase() === wanted);
}

/**
 * Which entry of a version is the file with this hash: a SHA-256 (import's, matched against
 * `hashes.SHA256`, case-insensitive), or a shorter hash an image names (AutoV1, AutoV2, AutoV3);
 * undefined when none does (the answer was for another hash type, or damaged).
 */
export function identify(version: ByHashVersion, sha256: string): Identification | undefined {
	const wanted = asSha256(sha256) ?? "";
	const file = version.files?.find((f) => holds(f.hashes, wanted));
	if (!file) return undefined;
	return {
		modelId: version.modelId ?? 0,
		versionId: version.id,
		fileId: file.id,
		category: categoryOf(version.model?.type),
		modelName: version.model?.name ?? "",
		versionName: version.name ?? "",
		fileName: file.name ?? "",
	};
}

/** Each asked hash that some version of a batch answer holds → its identification (the first version that holds it wins). */
export function matchBatch(versions: readonly ByHashVersion[], asked: readonly string[]): Map<string, Identification> {
	const out = new Map<string, Identification>();
	for (const h of asked) {
		for (const v of versions) {
			const id = identify(v, h);
			if (id) {
				out.set(asSha256(h)!, id);
				break;
			}
		}
	}
	return out;
}

/** A remembered hash: the file's size and mtime when it was hashed. */
export interface CachedHash {
	size: number;
	mtimeMs: number;
	sha256: string;
}

/** The cached SHA-256 when the file is unchanged (same size and mtime), else undefined (hash it again). */
export function cachedHash(entry: CachedHash | undefined, now: { size: number; mtimeMs: number }): string | undefined {
	if (!entry || !isSha256Hex(entry.sha256)) return undefined;
	return entry.size === now.size && entry.mtimeMs === now.mtimeMs ? asSha256(entry.sha256) : undefined;
}

/** Milliseconds left at the rate so far (undefined until something has been measured). */
export function etaMs(doneBytes: number, totalBytes: number, elapsedMs: number): number | undefined {
	if (doneBytes >= totalBytes) return 0;
	if (doneBytes <= 0 || elapsedMs <= 0) return undefined;
	return Math.max(0, Math.round(((totalBytes - doneBytes) * elapsedMs) / doneBytes));
}
