import type { WireVersion } from "../civitai/wire-types.js";
import { versionFields } from "./version-fields.js";

/** A1111/Forge's `sd version` (it filters LoRA cards by the loaded model with it). */
export type SdVersion = "SD1" | "SD2" | "SDXL" | "SD3" | "Unknown";

/** Civitai's `baseModel` → A1111's `sd version`; SDXL-architecture families (Pony, Illustrious, NoobAI) are SDXL. */
export function sdVersionOf(baseModel: string | undefined): SdVersion {
	const b = (baseModel ?? "").trim().toLowerCase();
	if (/^sd ?1(\.|\b)/.test(b)) return "SD1";
	if (/^sd ?2(\.|\b)/.test(b)) return "SD2";
	if (/^sd ?3(\.|\b)/.test(b)) return "SD3";
	if (/^sdxl\b/.test(b) || /^(pony|illustrious|noobai)\b/.test(b)) return "SDXL";
	return "Unknown";
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'", nbsp: " " };

/** Civitai's HTML description as plain text (A1111 shows the description as text by default). */
export function plainText(html: string): string {
	return html
		.replace(/<br\s*\/?>/gi, "\n")
		.replace(/<\/(p|div|li|h[1-6])>/gi, "\n")
		.replace(/<[^>]*>/g, "")
		.replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, e: string) => ENTITIES[e] ?? "")
		.replace(/[ \t]+\n/g, "\n")
		.replace(/\n{3,}/g, "\n\n")
		.trim();
}

/** The model's page on Civitai, for `notes`. */
export function modelPageUrl(siteOrigin: string, v: WireVersion): string {
	return `${siteOrigin}/models/${v.modelId ?? 0}?modelVersionId=${v.id}`;
}

/**
 * `<base>.json`, A1111/Forge's own per-model notes: the description, the `sd version`, the trained
 * words as `activation text`, `preferred weight` 0 (the UI's default multiplier: Civitai gives
 * none) and the model's Civitai page in `notes`.
 */
export function webuiJson(v: WireVersion, siteOrigin: string): Record<string, string | number> {
	const f = versionFields(v);
	return {
		description: plainText(f.description),
		"sd version": sdVersionOf(v.baseModel),
		"activation text": f.trainedWords.join(", "),
		"preferred weight": 0,
		notes: modelPageUrl(siteOrigin, v),
	};
}
