import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tinyJpeg, tinyPng, tinyWebp } from "../../fake-civitai/images.js";
import { WireVersionSchema } from "../../src/civitai/wire-types.js";
import { civitaiInfo } from "../../src/sidecars/civitai-info.js";
import { cmInfo } from "../../src/sidecars/cm-info.js";
import { sidecarBase } from "../../src/sidecars/names.js";
import { nsfwLevelOf, pickPreview, sniffImage } from "../../src/sidecars/preview-pick.js";
import { DEFAULT_SIDECARS, withSidecarFlag } from "../../src/sidecars/settings.js";
import { plainText, sdVersionOf, webuiJson } from "../../src/sidecars/webui-json.js";

const VERSION = WireVersionSchema.parse({
	id: 1050496,
	modelId: 706978,
	name: "V.3",
	baseModel: "Pony",
	description: "<p>New <b>Triggers</b> &amp; more</p><p>second</p>",
	trainedWords: ["aesthetic_pos3", "dynamic_pos3"],
	stats: { downloadCount: 3426 },
	model: { name: "Poses", type: "LORA", nsfw: false, poi: false },
	files: [
		{
			id: 1,
			name: "fp16.safetensors",
			sizeKB: 10,
			primary: true,
			metadata: { format: "SafeTensor", size: null, fp: "fp16" },
			hashes: { SHA256: "AAAA", BLAKE3: "B1" },
		},
		{
			id: 2,
			name: "fp32.safetensors",
			sizeKB: 20,
			primary: false,
			metadata: { format: "SafeTensor", size: "full", fp: "fp32" },
			hashes: { SHA256: "CCCC", BLAKE3: "B2", CRC32: "C2" },
		},
	],
	images: [{ url: "https://image.example/a.jpeg", nsfwLevel: 1, type: "image" }],
});

describe("sidecar mappings (pure)", () => {
	const sd: [string | undefined, string][] = [
		["SD 1.5", "SD1"],
		["SD 1.4", "SD1"],
		["SD 1.5 LCM", "SD1"],
		["SD 2.1 768", "SD2"],
		["SD 2.0", "SD2"],
		["SDXL 1.0", "SDXL"],
		["SDXL Turbo", "SDXL"],
		["Pony", "SDXL"],
		["Illustrious", "SDXL"],
		["NoobAI", "SDXL"],
		["SD 3", "SD3"],
		["SD 3.5 Large", "SD3"],
		["Flux.1 D", "Unknown"],
		["Wan Video 14B t2v", "Unknown"],
		["Other", "Unknown"],
		[undefined, "Unknown"],
		["", "Unknown"],
	];
	for (const [base, want] of sd) it(`sd version of ${JSON.stringify(base)} is ${want}`, () => assert.equal(sdVersionOf(base), want));

	it("the A1111 .json: plain-text description, sd version, activation text, preferred weight, the model page in notes", () => {
		assert.deepEqual(webuiJson(VERSION, "https://civitai.com"), {
			description: "New Triggers & more\nsecond",
			"sd version": "SDXL",
			"activation text": "aesthetic_pos3, dynamic_pos3",
			"preferred weight": 0,
			notes: "https://civitai.com/models/706978?modelVersionId=1050496",
		});
		assert.equal(plainText("a<br>b &lt;c&gt;"), "a\nb <c>");
	});

	it(".civitai.info: the downloaded file first and the only primary; the rest as returned", () => {
		const info = civitaiInfo(VERSION, 2);
		assert.deepEqual(
			info.files?.map((f) => [f.id, f.primary]),
			[
				[2, true],
				[1, false],
			],
		);
		assert.equal(info.id, 1050496);
		assert.deepEqual((info as Record<string, unknown>).stats, { downloadCount: 3426 }, "fields civitai-dl does not read are kept");
		assert.deepEqual(civitaiInfo(VERSION, 99), VERSION, "a file the version does not list: unchanged");
	});

	it(".cm-info.json: ids, names, hashes of the file on disk (SHA256, CRC32, BLAKE3), trained words, file metadata", () => {
		const cm = cmInfo(VERSION, 2, { importedAt: new Date("2026-11-30T00:00:00Z") });
		assert.equal(cm.ModelId, 706978);
		assert.equal(cm.VersionId, 1050496);
		assert.equal(cm.ModelType, "LORA");
		assert.equal(cm.ModelName, "Poses");
		assert.equal(cm.VersionName, "V.3");
		assert.equal(cm.BaseModel, "Pony");
		assert.deepEqual(cm.Hashes, { SHA256: "CCCC", CRC32: "C2", BLAKE3: "B2" });
		assert.deepEqual(cm.TrainedWords, ["aesthetic_pos3", "dynamic_pos3"]);
		assert.deepEqual(cm.FileMetadata, { fp: "fp32", size: "full", format: "SafeTensor" });
		assert.equal(cm.ImportedAt, "2026-11-30T00:00:00.000Z");
		assert.ok(!("Source" in cm));
		const noHash = cmInfo(WireVersionSchema.parse({ id: 5, files: [{ id: 9 }] }), 9, { sha256: "abcd", importedAt: new Date(0) });
		assert.deepEqual(noHash.Hashes, { SHA256: "ABCD" }, "the file's own hash when the API has none");
	});

	it("the preview: the first image (not a video) with a known level at most the limit", () => {
		const imgs = [
			{ url: "https://i/x.mp4", type: "video", nsfwLevel: 1 },
			{ url: "https://i/mature.jpeg", type: "image", nsfwLevel: 4 },
			{ url: "https://i/unknown.jpeg", type: "image" },
			{ url: "https://i/safe.jpeg", type: "image", nsfwLevel: 1 },
			{ url: "https://i/soft.jpeg", type: "image", nsfwLevel: 2 },
		];
		assert.equal(pickPreview(imgs, 1), "https://i/safe.jpeg");
		assert.equal(pickPreview(imgs, 4), "https://i/mature.jpeg");
		assert.equal(pickPreview(imgs.slice(0, 3), 1), undefined);
		assert.equal(pickPreview([{ url: "file:///etc/passwd", nsfwLevel: 1 }], 1), undefined);
		assert.equal(pickPreview([{ url: "https://i/old.png", nsfw: "None" }], 1), "https://i/old.png", "older answers without type");
		assert.equal(nsfwLevelOf({ nsfw: "Mature" }), 4);
	});

	it("sniffs PNG, JPEG and WebP by their bytes, and nothing else", () => {
		assert.equal(sniffImage(tinyPng()), "png");
		assert.equal(sniffImage(tinyJpeg()), "jpeg");
		assert.equal(sniffImage(tinyWebp()), "webp");
		assert.equal(sniffImage(Buffer.from("<!DOCTYPE html>")), undefined);
		assert.equal(sniffImage(Buffer.from("GIF89a")), undefined);
		assert.equal(sniffImage(Buffer.alloc(0)), undefined);
	});

	it("flags over the config: --no-sidecars writes none, --sidecars the default three", () => {
		const off = { ...DEFAULT_SIDECARS, info: false, preview: false, webuiJson: false, cmInfo: true };
		assert.deepEqual(withSidecarFlag(off, undefined), off);
		assert.deepEqual(withSidecarFlag(off, true), { ...off, info: true, preview: true, webuiJson: true });
		assert.deepEqual(withSidecarFlag(DEFAULT_SIDECARS, false), { ...DEFAULT_SIDECARS, info: false, preview: false, webuiJson: false });
	});

	it("the base name drops only the last extension", () => {
		assert.equal(sidecarBase("/m/a.b.safetensors"), "/m/a.b");
		assert.equal(sidecarBase("/m/noext"), "/m/noext");
		assert.equal(sidecarBase("/m/.hidden"), "/m/.hidden");
	});
});
