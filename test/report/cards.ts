import type { LibraryCard } from "../../src/library/report-data.js";

/** A card of the report, as the tests need it. */
export function card(over: Partial<LibraryCard> = {}): LibraryCard {
	return {
		name: "Lora One",
		fileName: "lora1.safetensors",
		version: "v1",
		type: "LORA",
		category: "lora",
		baseModel: "SD 1.5",
		sizeBytes: 1024,
		recordedAt: "2026-11-30 03:00:00",
		path: "/lib/models/lora/lora1.safetensors",
		preview: "/lib/models/lora/lora1.preview.png",
		state: "verified",
		newer: null,
		failedLast: null,
		trainedWords: [],
		modelId: 1,
		versionId: 10,
		...over,
	};
}
