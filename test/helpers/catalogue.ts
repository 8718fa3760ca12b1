import type { FakeCatalogue } from "../../fake-civitai/catalogue.js";

const KiB = 1024;

/** A small catalogue for tests: a checkpoint, LoRAs, an embedding, and oddities. */
export function smallCatalogue(): FakeCatalogue {
	return {
		models: [
			{
				id: 100,
				name: "Test Checkpoint",
				type: "Checkpoint",
				versions: [
					{
						id: 1000,
						name: "v1",
						files: [
							{
								id: 10000,
								name: "checkpoint1.safetensors",
								sizeBytes: 512 * KiB,
								format: "SafeTensor",
								size: "pruned",
								fp: "fp16",
								primary: true,
							},
							{ id: 10001, name: "checkpoint1_full.safetensors", sizeBytes: 300 * KiB, format: "SafeTensor", size: "full", fp: "fp32" },
						],
					},
				],
			},
			{
				id: 200,
				name: "Lora One",
				type: "LORA",
				versions: [{ id: 2000, name: "v1", files: [{ id: 20000, name: "lora1.safetensors", sizeBytes: 200 * KiB, primary: true }] }],
			},
			{
				id: 201,
				name: "Lora Two",
				type: "LoCon",
				versions: [{ id: 2010, name: "v1", files: [{ id: 20100, name: "lora2.safetensors", sizeBytes: 150 * KiB, primary: true }] }],
			},
			{
				id: 300,
				name: "Embedding One",
				type: "TextualInversion",
				versions: [{ id: 3000, name: "v1", files: [{ id: 30000, name: "embedding1.pt", sizeBytes: 20 * KiB, primary: true }] }],
			},
			{
				id: 400,
				name: "Members",
				type: "LORA",
				versions: [
					{
						id: 4000,
						name: "v1",
						requireAuth: true,
						files: [{ id: 40000, name: "members.safetensors", sizeBytes: 10 * KiB, primary: true }],
					},
				],
			},
			{
				id: 500,
				name: "Gen Only",
				type: "LORA",
				versions: [
					{
						id: 5000,
						name: "v1",
						usageControl: "Generation",
						files: [{ id: 50000, name: "gen.safetensors", sizeBytes: 10 * KiB, primary: true }],
					},
				],
			},
			{
				id: 600,
				name: "Early",
				type: "LORA",
				versions: [
					{
						id: 6000,
						name: "v1",
						earlyAccessDeadline: "2099-01-01T00:00:00.000Z",
						files: [{ id: 60000, name: "early.safetensors", sizeBytes: 10 * KiB, primary: true }],
					},
				],
			},
			{
				id: 700,
				name: "Old",
				type: "LORA",
				mode: "Archived",
				versions: [{ id: 7000, name: "v1", files: [{ id: 70000, name: "old.safetensors", sizeBytes: 10 * KiB, primary: true }] }],
			},
			{
				id: 800,
				name: "Hostile",
				type: "LORA",
				versions: [{ id: 8000, name: "v1", files: [{ id: 80000, name: "../../x.safetensors", sizeBytes: 10 * KiB, primary: true }] }],
			},
			{
				id: 801,
				name: "Reserved",
				type: "LORA",
				versions: [{ id: 8010, name: "v1", files: [{ id: 80100, name: "CON.safetensors", sizeBytes: 10 * KiB, primary: true }] }],
			},
			{
				id: 802,
				name: "Control",
				type: "LORA",
				versions: [
					{ id: 8020, name: "v1", files: [{ id: 80200, name: "a\u0007b\u001b[31m.safetensors", sizeBytes: 10 * KiB, primary: true }] },
				],
			},
			{
				id: 803,
				name: "Long",
				type: "LORA",
				versions: [
					{ id: 8030, name: "v1", files: [{ id: 80300, name: `${"長".repeat(100)}.safetensors`, sizeBytes: 10 * KiB, primary: true }] },
				],
			},
			{
				id: 804,
				name: "Japanese",
				type: "LORA",
				versions: [
					{
						id: 8040,
						name: "v1",
						files: [{ id: 80400, name: "夜桜スタイル.safetensors", sizeBytes: 10 * KiB, primary: true, filenameStar: true }],
					},
				],
			},
			{
				id: 900,
				name: "Unhashed",
				type: "LORA",
				versions: [
					{ id: 9000, name: "v1", files: [{ id: 90000, name: "fresh.safetensors", sizeBytes: 10 * KiB, primary: true, noHashes: true }] },
				],
			},
			{
				id: 1100,
				name: "Flux Like",
				type: "Checkpoint",
				versions: [
					{
						id: 11100,
						name: "dev",
						files: [
							{ id: 111000, name: "flux_dev.safetensors", sizeBytes: 12 * KiB, fp: "fp16", primary: true },
							{ id: 111001, name: "flux_dev.safetensors", sizeBytes: 8 * KiB, fp: "fp8" },
						],
					},
				],
			},
			{
				id: 805,
				name: "Nameless",
				type: "LORA",
				versions: [
					{
						id: 8050,
						name: "v1",
						files: [{ id: 80500, name: "../名前.safetensors", sizeBytes: 10 * KiB, primary: true, noNameInApi: true, filenameStar: true }],
					},
				],
			},
			{
				id: 1200,
				name: "Big",
				type: "Checkpoint",
				versions: [{ id: 12000, name: "v1", files: [{ id: 120000, name: "big.safetensors", sizeBytes: 16 * 1024 * KiB, primary: true }] }],
			},
			{
				id: 1300,
				name: "Bigger than any disk",
				type: "LORA",
				versions: [
					{ id: 13000, name: "v1", files: [{ id: 130000, name: "huge.safetensors", sizeBytes: 2 ** 50, primary: true, noHashes: true }] },
				],
			},
			// 1000 is both a model id and a version id (of model 100)
			{
				id: 1000,
				name: "Clash",
				type: "LORA",
				versions: [{ id: 11000, name: "v1", files: [{ id: 110000, name: "clash.safetensors", sizeBytes: 10 * KiB, primary: true }] }],
			},
		],
	};
}
