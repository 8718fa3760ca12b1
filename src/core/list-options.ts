/**
 * The words of the listing options, read as pure functions: Civitai's model types (`--types`), its
 * sorts and periods (`search --sort/--period`), and sizes (`--max-size 20GB`). Each returns
 * undefined for a word it does not know; the CLI words the refusal.
 */

/** Civitai's ModelType values (civitai/civitai packages/civitai-db-schema/src/enums.ts). */
export const MODEL_TYPES = [
	"Checkpoint",
	"TextualInversion",
	"Hypernetwork",
	"AestheticGradient",
	"LORA",
	"LoCon",
	"DoRA",
	"Controlnet",
	"Upscaler",
	"MotionModule",
	"VAE",
	"TextEncoder",
	"UNet",
	"CLIPVision",
	"Poses",
	"Wildcards",
	"Workflows",
	"ComfyWorkflows",
	"Detection",
	"VisionLanguage",
	"CLIP",
	"LLM",
	"Other",
] as const;

/** `sort` of `GET /api/v1/models` (ModelSort). */
export const MODEL_SORTS = [
	"Highest Rated",
	"Most Downloaded",
	"Most Liked",
	"Most Discussed",
	"Most Collected",
	"Most Images",
	"Newest",
	"Oldest",
] as const;

/** `period` of `GET /api/v1/models` (MetricTimeframe). */
export const PERIODS = ["AllTime", "Year", "Month", "Week", "Day"] as const;

const key = (s: string) => s.toLowerCase().replace(/[\s_-]/g, "");

/** The canonical spelling of `word` among `choices`, ignoring case, spaces, `_` and `-` (`most-downloaded`). */
export function oneOfLoosely<T extends string>(word: string, choices: readonly T[]): T | undefined {
	return choices.find((c) => key(c) === key(word));
}

/** A comma-separated list of Civitai model types, each canonical; undefined when one is unknown (`bad` names it). */
export function parseModelTypes(text: string): { types: string[] } | { bad: string } {
	const types: string[] = [];
	for (const word of splitList(text)) {
		const t = oneOfLoosely(word, MODEL_TYPES);
		if (!t) return { bad: word };
		if (!types.includes(t)) types.push(t);
	}
	return types.length > 0 ? { types } : { bad: text };
}

/** A comma-separated list: trimmed, empty entries left out. */
export function splitList(text: string): string[] {
	return text
		.split(",")
		.map((s) => s.trim())
		.filter((s) => s !== "");
}

const UNITS: Record<string, number> = {
	"": 1,
	b: 1,
	k: 1024,
	kb: 1000,
	kib: 1024,
	m: 1024 ** 2,
	mb: 1000 ** 2,
	mib: 1024 ** 2,
	g: 1024 ** 3,
	gb: 1000 ** 3,
	gib: 1024 ** 3,
	t: 1024 ** 4,
	tb: 1000 ** 4,
	tib: 1024 ** 4,
};

/** `20GB`, `1.5 GiB`, `500M` (binary), `1048576` (bytes) → bytes; undefined for anything else. */
export function parseSize(text: string): number | undefined {
	const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
	if (!m) return undefined;
	const unit = UNITS[m[2]!.toLowerCase()];
	if (unit === undefined) return undefined;
	const bytes = Math.floor(Number(m[1]) * unit);
	return Number.isSafeInteger(bytes) ? bytes : undefined;
}
