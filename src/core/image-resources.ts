import { ImageError } from "../errors.js";
import { type Category, categoryOf } from "./categories.js";
import { MAX_ENTRIES, MAX_JSON_DEPTH, nestedDeeperThan } from "./json-bounds.js";
import { MAX_TEXT_BYTES } from "./png-text.js";

/**
 * A model an image names: what its generation data says (a version id, hashes, a name, a weight),
 * before anyone asked Civitai. Pure helpers: the kind of a resource from the words tools use for
 * it, merging what several parts of the data say about the same resource, JSON read within the
 * bounds network answers have, and whether the library already holds it.
 */
export interface ImageResource {
	kind: Category;
	/** The name the image gives (a file name, a LoRA's prompt name, a Civitai model name); not yet cleaned. */
	name?: string | undefined;
	/** Uppercase hex hashes the image gives for it: SHA-256 (64), AutoV3 (12), AutoV2 (10), AutoV1 (8). */
	hashes: string[];
	versionId?: number | undefined;
	modelId?: number | undefined;
	weight?: number | undefined;
}

/** At most this many resources are taken from one image (a real one names a handful). */
export const MAX_RESOURCES = 200;

const KINDS: Record<string, Category> = { model: "checkpoint", unet: "checkpoint", lyco: "lora", embed: "embedding", ti: "embedding" };

/** `checkpoint`, `model`, `LORA`, `lyco`, `embed`, `TextualInversion`, ... → a category; anything else → other. */
export function kindOf(word: unknown): Category {
	if (typeof word !== "string") return "other";
	return KINDS[word.trim().toLowerCase()] ?? categoryOf(word);
}

/** A hash as the image gives it, if it is one: 8, 10, 12 or 64 hex digits, uppercase. */
export function hashOf(v: unknown): string | undefined {
	if (typeof v !== "string") return undefined;
	const h = v.trim().toUpperCase();
	return /^([0-9A-F]{8}|[0-9A-F]{10}|[0-9A-F]{12}|[0-9A-F]{64})$/.test(h) ? h : undefined;
}

export function idOf(v: unknown): number | undefined {
	const n = typeof v === "string" && /^\d{1,10}$/.test(v.trim()) ? Number(v) : v;
	return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 2147483647 ? n : undefined;
}

export function weightOf(v: unknown): number | undefined {
	const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
	return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** A file name's base name without its model extension: `SDXL/foo.safetensors` → `foo`. */
export function stemOf(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? name;
	return base.replace(/\.(safetensors|ckpt|pt|pth|bin|gguf|sft|onnx)$/i, "");
}

/** JSON text of an image read within the network bounds: its size, its depth, then its entries. */
export function boundedJson(text: string, file: string, key: string): unknown {
	if (text.length > MAX_TEXT_BYTES) throw new ImageError(file, { why: "text_too_big", key, limitMiB: MAX_TEXT_BYTES / 2 ** 20 });
	if (nestedDeeperThan(text, MAX_JSON_DEPTH)) throw new ImageError(file, { why: "json_too_deep", key, max: MAX_JSON_DEPTH });
	try {
		return JSON.parse(text);
	} catch {
		throw new ImageError(file, { why: "json_bad", key });
	}
}

/** An array of at most `max` entries (an image names a handful of models), else refused. */
export function boundedArray(v: unknown, file: string, key: string, max = MAX_ENTRIES): unknown[] {
	if (!Array.isArray(v)) return [];
	if (v.length > max) throw new ImageError(file, { why: "too_many_entries", key, max });
	return v;
}

/** The entries of an object of at most MAX_ENTRIES keys, else refused. */
export function boundedEntries(v: unknown, file: string, key: string): [string, unknown][] {
	if (v === null || typeof v !== "object" || Array.isArray(v)) return [];
	const entries = Object.entries(v);
	if (entries.length > MAX_ENTRIES) throw new ImageError(file, { why: "too_many_entries", key, max: MAX_ENTRIES });
	return entries;
}

function sameHash(a: string, b: string): boolean {
	return a === b || (a.length === 64 && a.startsWith(b) && b.length === 10) || (b.length === 64 && b.startsWith(a) && a.length === 10);
}

function same(a: ImageResource, b: ImageResource): boolean {
	if (a.versionId !== undefined && b.versionId !== undefined) return a.versionId === b.versionId;
	if (a.hashes.some((x) => b.hashes.some((y) => sameHash(x, y)))) return true;
	const named = a.name !== undefined && b.name !== undefined && stemOf(a.name).toLowerCase() === stemOf(b.name).toLowerCase();
	return named && (a.kind === b.kind || a.kind === "other" || b.kind === "other");
}

/**
 * One entry per resource: what the parts of the data say about the same model (its version id,
 * a hash, or its kind and name) is merged, first seen first; at most MAX_RESOURCES.
 */
export function mergeResources(list: readonly ImageResource[]): ImageResource[] {
	const out: ImageResource[] = [];
	for (const r of list) {
		const had = out.find((o) => same(o, r));
		if (!had) {
			if (out.length < MAX_RESOURCES) out.push({ ...r, hashes: [...r.hashes] });
			continue;
		}
		if (had.kind === "other") had.kind = r.kind;
		had.name ??= r.name;
		had.versionId ??= r.versionId;
		had.modelId ??= r.modelId;
		had.weight ??= r.weight;
		for (const h of r.hashes) if (!had.hashes.some((x) => sameHash(x, h))) had.hashes.push(h);
	}
	return out;
}

/** What the library (the history) holds, as the have-check reads it. */
export interface LibraryIndex {
	/** Uppercase SHA-256 of recorded files. */
	sha256s: readonly string[];
	versionIds: ReadonlySet<number>;
	/** `version:file` of recorded files. */
	files: ReadonlySet<string>;
	/** Lowercase stems of recorded file names. */
	stems: ReadonlySet<string>;
}

/** The library as the history records it: every row's SHA-256, version, version and file, and file name. */
export function libraryIndex(
	rows: readonly { version_id: string; file_id: string; sha256: string; filename: string; path: string }[],
): LibraryIndex {
	const id = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : undefined);
	const sha256s: string[] = [];
	const versionIds = new Set<number>();
	const files = new Set<string>();
	const stems = new Set<string>();
	for (const r of rows) {
		if (/^[0-9a-f]{64}$/i.test(r.sha256.trim())) sha256s.push(r.sha256.trim().toUpperCase());
		const v = id(r.version_id);
		if (v !== undefined) versionIds.add(v);
		if (v !== undefined && id(r.file_id) !== undefined) files.add(`${v}:${id(r.file_id)}`);
		const name = r.filename || r.path;
		if (name) stems.add(stemOf(name).toLowerCase());
	}
	return { sha256s, versionIds, files, stems };
}

/** Whether the library holds this very file (its SHA-256, or its version and file ids): a listed file is not downloaded again. */
export function fileInLibrary(f: { versionId: number; fileId: number; sha256?: string | undefined }, lib: LibraryIndex): boolean {
	return lib.files.has(`${f.versionId}:${f.fileId}`) || (f.sha256 !== undefined && lib.sha256s.includes(f.sha256.toUpperCase()));
}

/**
 * Whether the library holds a resource: by version id, by a hash that is (a prefix of) a recorded
 * SHA-256, or, for a resource known only by name, by its file name's stem. Never guessed further.
 */
export function inLibrary(r: ImageResource, lib: LibraryIndex): boolean {
	if (r.versionId !== undefined && lib.versionIds.has(r.versionId)) return true;
	const prefixes = r.hashes.filter((h) => h.length === 64 || h.length === 10 || h.length === 12);
	if (prefixes.some((h) => lib.sha256s.some((s) => s.startsWith(h)))) return true;
	const nameOnly = r.versionId === undefined && r.hashes.length === 0;
	return nameOnly && r.name !== undefined && lib.stems.has(stemOf(r.name).toLowerCase());
}
