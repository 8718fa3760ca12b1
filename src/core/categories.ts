/** Civitai `model.type` → our category, and the redownload priority of each category (SPEC §3). */
export const CATEGORIES = ["checkpoint", "lora", "embedding", "vae", "controlnet", "upscaler", "hypernetwork", "motion", "other"] as const;

export type Category = (typeof CATEGORIES)[number];

const BY_MODEL_TYPE: Record<string, Category> = {
	checkpoint: "checkpoint",
	lora: "lora",
	locon: "lora",
	dora: "lora",
	lycoris: "lora",
	textualinversion: "embedding",
	embedding: "embedding",
	vae: "vae",
	controlnet: "controlnet",
	upscaler: "upscaler",
	hypernetwork: "hypernetwork",
	hypernet: "hypernetwork",
	motionmodule: "motion",
	motion: "motion",
	other: "other",
};

/** Category for a Civitai model type or a history `model_type` cell (case-insensitive); unknown → "other". */
export function categoryOf(modelType: string | undefined): Category {
	if (!modelType) return "other";
	return (
		BY_MODEL_TYPE[
			modelType
				.trim()
				.toLowerCase()
				.replace(/[\s_-]/g, "")
		] ?? "other"
	);
}

/** Like categoryOf, but undefined for a word that is not a known category or model type (for --type). */
export function parseCategory(word: string): Category | undefined {
	const key = word
		.trim()
		.toLowerCase()
		.replace(/[\s_-]/g, "");
	return BY_MODEL_TYPE[key];
}

/** checkpoint 0, lora 1, embedding 2, everything else 999 (the seed's table). */
export function priorityOf(category: string): number {
	switch (categoryOf(category)) {
		case "checkpoint":
			return 0;
		case "lora":
			return 1;
		case "embedding":
			return 2;
		default:
			return 999;
	}
}
