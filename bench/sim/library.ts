import type { FakeCatalogue, FakeModel } from "../../fake-civitai/catalogue.js";
import { emptyRow, type HistoryRow } from "../../src/history/columns.js";

/**
 * The simulated library: a history CSV of about 500 items in the seed's order (oldest first,
 * checkpoints scattered), with the catalogue that answers for them. Deterministic from `seed`.
 * Sizes are the real ones divided by `scale` (1000: a 7 GB checkpoint is 7 MB on the wire).
 */
export interface LibraryShape {
	checkpoints: number;
	loras: number;
	embeddings: number;
	others: number;
}

export const FULL_LIBRARY: LibraryShape = { checkpoints: 20, loras: 300, embeddings: 150, others: 30 };

export interface LibraryItem {
	category: "checkpoint" | "lora" | "embedding" | "vae";
	versionId: number;
	fileId: number;
	name: string;
	/** Scaled size in bytes. */
	sizeBytes: number;
}

export interface Library {
	items: LibraryItem[];
	rows: HistoryRow[];
	catalogue: FakeCatalogue;
}

/** mulberry32: a small seeded PRNG (the same library and the same night from the same seed). */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const MB = 1_000_000;
const KIND = {
	checkpoint: { type: "Checkpoint", min: 2000 * MB, max: 7000 * MB, ext: "safetensors" },
	lora: { type: "LORA", min: 10 * MB, max: 300 * MB, ext: "safetensors" },
	embedding: { type: "TextualInversion", min: 0.01 * MB, max: 0.3 * MB, ext: "pt" },
	vae: { type: "VAE", min: 80 * MB, max: 800 * MB, ext: "safetensors" },
} as const;

export function makeLibrary(shape: LibraryShape, seed: number, scale: number, baseUrl: string): Library {
	const rand = rng(seed);
	const kinds: LibraryItem["category"][] = [
		...Array<"checkpoint">(shape.checkpoints).fill("checkpoint"),
		...Array<"lora">(shape.loras).fill("lora"),
		...Array<"embedding">(shape.embeddings).fill("embedding"),
		...Array<"vae">(shape.others).fill("vae"),
	];
	// Fisher-Yates: the history's order is the order things were downloaded in, checkpoints anywhere
	for (let i = kinds.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
	}
	const items: LibraryItem[] = [];
	const models: FakeModel[] = [];
	const rows: HistoryRow[] = [];
	kinds.forEach((category, i) => {
		const k = KIND[category];
		const real = k.min + rand() * (k.max - k.min);
		const sizeBytes = Math.max(1024, Math.round(real / scale));
		const modelId = 10_000 + i;
		const versionId = 20_000 + i;
		const fileId = 30_000 + i;
		const name = `${category}-${String(i).padStart(3, "0")}.${k.ext}`;
		items.push({ category, versionId, fileId, name, sizeBytes });
		models.push({
			id: modelId,
			name: `Sim ${category} ${i}`,
			type: k.type,
			versions: [{ id: versionId, name: "v1", files: [{ id: fileId, name, sizeBytes, seed: `sim-${seed}-${i}` }] }],
		});
		const stamp = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString().replace("T", " ").slice(0, 19);
		rows.push({
			...emptyRow(),
			timestamp: stamp,
			model_type: category,
			url: `${baseUrl}/models/${modelId}?modelVersionId=${versionId}`,
			filename: name,
			model_id: String(modelId),
			version_id: String(versionId),
			file_id: String(fileId),
		});
	});
	return { items, rows, catalogue: { models } };
}
