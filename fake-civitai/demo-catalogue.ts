import type { FakeCatalogue } from "./catalogue.js";
import type { Fault } from "./faults.js";

const MiB = 1024 * 1024;

/**
 * The catalogue `npm run demo` and `npm run fake-civitai` serve by default: one large checkpoint,
 * LoRAs, embeddings, a VAE, and one LoRA whose creator requires login.
 */
export function demoCatalogue(checkpointBytes = 200 * MiB): FakeCatalogue {
	return {
		models: [
			{
				id: 4201,
				name: "Local Dream XL",
				type: "Checkpoint",
				versions: [
					{
						id: 42010,
						name: "v2.0",
						files: [
							{
								id: 420100,
								name: "localDreamXL_v20.safetensors",
								sizeBytes: checkpointBytes,
								format: "SafeTensor",
								size: "pruned",
								fp: "fp16",
								primary: true,
							},
							{ id: 420101, name: "localDreamXL_v20_fp32.safetensors", sizeBytes: 3 * MiB, format: "SafeTensor", size: "full", fp: "fp32" },
						],
					},
					{
						id: 42009,
						name: "v1.0",
						files: [{ id: 420090, name: "localDreamXL_v10.safetensors", sizeBytes: 2 * MiB, format: "SafeTensor", primary: true }],
					},
				],
			},
			{
				id: 4202,
				name: "Detail Tweaker",
				type: "LORA",
				versions: [
					{
						id: 42020,
						name: "v1",
						files: [{ id: 420200, name: "detail_tweaker.safetensors", sizeBytes: 6 * MiB, format: "SafeTensor", primary: true }],
					},
				],
			},
			{
				id: 4203,
				name: "Film Grain",
				type: "LoCon",
				versions: [
					{
						id: 42030,
						name: "v1",
						files: [{ id: 420300, name: "film_grain_locon.safetensors", sizeBytes: 4 * MiB, format: "SafeTensor", primary: true }],
					},
				],
			},
			{
				id: 4204,
				name: "Watercolor Style",
				type: "LORA",
				versions: [
					{
						id: 42040,
						name: "v3",
						files: [{ id: 420400, name: "watercolor_v3.safetensors", sizeBytes: 5 * MiB, format: "SafeTensor", primary: true }],
					},
				],
			},
			{
				id: 4205,
				name: "Members Only Portrait",
				type: "LORA",
				versions: [
					{
						id: 42050,
						name: "v1",
						requireAuth: true,
						files: [{ id: 420500, name: "members_portrait.safetensors", sizeBytes: 3 * MiB, format: "SafeTensor", primary: true }],
					},
				],
			},
			{
				id: 4206,
				name: "Easy Negative",
				type: "TextualInversion",
				versions: [
					{
						id: 42060,
						name: "v2",
						files: [{ id: 420600, name: "easynegative.safetensors", sizeBytes: 25 * 1024, format: "SafeTensor", primary: true }],
					},
				],
			},
			{
				id: 4207,
				name: "Bad Hands",
				type: "TextualInversion",
				versions: [
					{
						id: 42070,
						name: "v1",
						files: [{ id: 420700, name: "bad_hands.pt", sizeBytes: 30 * 1024, format: "PickleTensor", primary: true }],
					},
				],
			},
			{
				id: 4208,
				name: "Clear VAE",
				type: "VAE",
				versions: [
					{
						id: 42080,
						name: "v1",
						files: [{ id: 420800, name: "clear_vae.safetensors", sizeBytes: 2 * MiB, format: "SafeTensor", primary: true }],
					},
				],
			},
			{
				id: 4209,
				name: "夜桜スタイル",
				type: "LORA",
				versions: [
					{
						id: 42090,
						name: "v1",
						files: [
							{
								id: 420900,
								name: "夜桜スタイル_v1.safetensors",
								sizeBytes: 1 * MiB,
								format: "SafeTensor",
								primary: true,
								filenameStar: true,
							},
						],
					},
				],
			},
		],
	};
}

/** The demo's misbehaviour: Detail Tweaker is rate limited once; Watercolor is throttled to a crawl once. */
export function demoFaults(): Fault[] {
	return [
		{ version: 42020, attempt: 1, kind: "rate_limit", retryAfter: 1 },
		{ version: 42040, attempt: 1, kind: "throttle", bytesPerSecond: 2 * 1024 },
	];
}
