import type { FakeCatalogue } from "../../fake-civitai/catalogue.js";
import { smallCatalogue } from "../helpers.js";

const KiB = 1024;

/** The small catalogue and models with pictures: mature ones listed before the safe one. */
export function pictured(): FakeCatalogue {
	const c = smallCatalogue();
	c.models.push(
		{
			id: 950,
			name: "Pictured",
			type: "LORA",
			versions: [
				{
					id: 9500,
					name: "v2",
					baseModel: "SD 1.5",
					trainedWords: ["pic_word", "second word"],
					description: "<p>A <b>pictured</b> LoRA</p>",
					files: [
						{ id: 95000, name: "pictured.safetensors", sizeBytes: 12 * KiB, fp: "fp16", primary: true },
						{ id: 95001, name: "pictured_fp32.safetensors", sizeBytes: 14 * KiB, fp: "fp32" },
					],
					images: [
						{ format: "webp", nsfwLevel: 8 },
						{ format: "png", nsfwLevel: 4 },
						{ format: "png", nsfwLevel: 1, type: "video" },
						{ format: "jpeg", nsfwLevel: 1 },
						{ format: "png", nsfwLevel: 1 },
					],
				},
			],
		},
		{
			id: 951,
			name: "Webp",
			type: "LORA",
			versions: [
				{
					id: 9510,
					name: "v1",
					files: [{ id: 95100, name: "webp.safetensors", sizeBytes: 10 * KiB, primary: true }],
					images: [
						{ format: "jpeg", nsfwLevel: 16 },
						{ format: "webp", nsfwLevel: 1 },
					],
				},
			],
		},
		{
			id: 952,
			name: "Broken picture",
			type: "LORA",
			versions: [
				{
					id: 9520,
					name: "v1",
					files: [{ id: 95200, name: "broken.safetensors", sizeBytes: 10 * KiB, primary: true }],
					images: [{ format: "png", nsfwLevel: 1, missing: true }],
				},
			],
		},
	);
	return c;
}
