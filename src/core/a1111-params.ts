import { ImageError } from "../errors.js";
import { boundedArray, boundedEntries, boundedJson, hashOf, type ImageResource, idOf, kindOf, weightOf } from "./image-resources.js";

/**
 * A1111/Forge `parameters` text (the PNG chunk, or a JPEG/WebP's EXIF UserComment): the prompt,
 * `Negative prompt: ...`, then one line of `Key: value` pairs. The models it names: `Model hash`
 * (AutoV2) and `Model`, `VAE hash`, `Lora hashes: "name: hash, ..."` (AutoV3 of the LoRA's
 * tensors), `TI hashes` (a SHA-256 prefix), the Civitai extension's `Hashes: {...}` (AutoV2), a
 * Civitai-made image's `Civitai resources: [...]` (version ids), and `<lora:name:weight>` in the
 * prompt for the weights. A1111 quotes a value holding `,` `:` or a line break as a JSON string. Pure.
 */

/** The most `Key: value` pairs read from one line (A1111 writes a few dozen). */
const MAX_PAIRS = 500;

/** The end of a JSON value (`{...}`, `[...]` or `"..."`) that starts at `at`, or -1. */
function jsonEnd(text: string, at: number): number {
	let depth = 0;
	let inString = false;
	for (let i = at; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === "\\") i++;
			else if (c === '"') {
				inString = false;
				if (depth === 0) return i + 1;
			}
		} else if (c === '"') inString = true;
		else if (c === "{" || c === "[") depth++;
		else if (c === "}" || c === "]") {
			depth--;
			if (depth === 0) return i + 1;
			if (depth < 0) return -1;
		}
	}
	return -1;
}

/** The `Key: value` pairs of the parameters line; a quoted value unquoted, a JSON object or array kept as its text. */
export function paramPairs(line: string, file: string): Map<string, string> {
	const pairs = new Map<string, string>();
	const key = /\s*([\w][\w \-/().+]*?):\s*/y;
	let at = 0;
	while (at < line.length) {
		if (pairs.size >= MAX_PAIRS) throw new ImageError(file, { why: "too_many_entries", key: "parameters", max: MAX_PAIRS });
		key.lastIndex = at;
		const k = key.exec(line);
		if (!k) break;
		at = key.lastIndex;
		let value: string;
		const c = line[at];
		if (c === '"' || c === "{" || c === "[") {
			const end = jsonEnd(line, at);
			if (end < 0) break;
			value = line.slice(at, end);
			if (c === '"') value = unquote(value);
			at = end;
		} else {
			const comma = line.indexOf(",", at);
			value = line.slice(at, comma < 0 ? line.length : comma).trim();
			at = comma < 0 ? line.length : comma;
		}
		pairs.set(k[1]!.trim(), value);
		const sep = /\s*,\s*/y;
		sep.lastIndex = at;
		if (!sep.exec(line)) break;
		at = sep.lastIndex;
	}
	return pairs;
}

function unquote(quoted: string): string {
	try {
		const v: unknown = JSON.parse(quoted);
		return typeof v === "string" ? v : quoted;
	} catch {
		return quoted.slice(1, -1);
	}
}

/** `name: hash, name2: hash2` (the inside of `Lora hashes` / `TI hashes`). */
function namedHashes(text: string | undefined, kind: ImageResource["kind"]): ImageResource[] {
	if (!text) return [];
	return text.split(",").flatMap((entry) => {
		const i = entry.lastIndexOf(":");
		const name = entry.slice(0, i).trim();
		const hash = hashOf(entry.slice(i + 1));
		return i > 0 && name !== "" && hash ? [{ kind, name, hashes: [hash] }] : [];
	});
}

/** The Civitai extension's `Hashes: {"model": h, "vae": h, "lora:name": h, "embed:name": h}`. */
export function hashesObject(v: unknown, file: string, key: string): ImageResource[] {
	return boundedEntries(v, file, key).flatMap(([k, value]) => {
		const hash = hashOf(value);
		if (!hash) return [];
		const colon = k.indexOf(":");
		if (colon < 0) return [{ kind: kindOf(k), hashes: [hash] }];
		return [{ kind: kindOf(k.slice(0, colon)), name: k.slice(colon + 1), hashes: [hash] }];
	});
}

/** `[{type, modelVersionId, weight, modelName, modelVersionName}]`: the Civitai generator's own record. */
export function civitaiResources(v: unknown, file: string, key: string): ImageResource[] {
	return boundedArray(v, file, key).flatMap((x) => {
		const r = (x ?? {}) as Record<string, unknown>;
		const versionId = idOf(r.modelVersionId);
		if (versionId === undefined) return [];
		const name = typeof r.modelName === "string" ? r.modelName : undefined;
		return [{ kind: kindOf(r.type), name, hashes: [], versionId, modelId: idOf(r.modelId), weight: weightOf(r.weight ?? r.strength) }];
	});
}

/** `<lora:name:weight>` / `<lyco:name:weight>` in the prompt: the LoRAs by name, with their weights. */
export function promptLoras(prompt: string): ImageResource[] {
	return [...prompt.matchAll(/<(lora|lyco):([^:>]+)(?::(-?[\d.]+))?[^>]*>/gi)].map((m) => ({
		kind: "lora" as const,
		name: m[2]!.trim(),
		hashes: [],
		weight: weightOf(m[3]),
	}));
}

/**
 * Where the parameters line starts: the last `Steps: N` at the start of a line, or right after
 * `Negative prompt:` (Civitai's generator writes no line break there); -1 when there is none.
 */
export function paramsStart(text: string): number {
	let at = -1;
	for (const m of text.matchAll(/(^|\n|Negative prompt:[ \t]*)Steps: \d/g)) at = m.index + m[1]!.length;
	return at;
}

/** The models an A1111/Forge `parameters` text names, in the order it names them (not yet merged). */
export function a1111Resources(text: string, file: string): ImageResource[] {
	const paramsAt = paramsStart(text);
	const before = paramsAt >= 0 ? text.slice(0, paramsAt) : text;
	const negative = before.indexOf("Negative prompt:");
	const prompt = negative >= 0 ? before.slice(0, negative) : before;
	const pairs = paramsAt >= 0 ? paramPairs(text.slice(paramsAt).split("\n")[0]!, file) : new Map<string, string>();
	const json = (k: string) => (pairs.has(k) ? boundedJson(pairs.get(k)!, file, k) : undefined);
	const model = hashOf(pairs.get("Model hash"));
	const vae = hashOf(pairs.get("VAE hash"));
	return [
		...civitaiResources(json("Civitai resources"), file, "Civitai resources"),
		...(model ? [{ kind: "checkpoint" as const, name: pairs.get("Model"), hashes: [model] }] : []),
		...(vae ? [{ kind: "vae" as const, name: pairs.get("VAE"), hashes: [vae] }] : []),
		...hashesObject(json("Hashes"), file, "Hashes"),
		...namedHashes(pairs.get("Lora hashes"), "lora"),
		...namedHashes(pairs.get("TI hashes"), "embedding"),
		...promptLoras(prompt),
	];
}
