import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { deflateSync } from "node:zlib";
import { a1111Resources, paramPairs } from "../../src/core/a1111-params.js";
import { comfyResources } from "../../src/core/comfy-graph.js";
import { decodeUserComment } from "../../src/core/exif-text.js";
import { imageFileResources, imagePageResources, lookupHash } from "../../src/core/image-meta.js";
import { type ImageResource, inLibrary, mergeResources } from "../../src/core/image-resources.js";
import { MAX_TEXT_BYTES, pngTexts } from "../../src/core/png-text.js";
import { ImageError } from "../../src/errors.js";
import { chunk, iTXt, jpeg, png, tEXt, tiffWithUserComment, unicodeComment, webp, zTXt } from "../image-files.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/image-meta");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

/** The resources without undefined fields, for deepEqual. */
const plain = (rs: ImageResource[]) => rs.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

const A1111 = fixture("a1111-lora-hashes.txt");

describe("PNG text chunks", () => {
	const cases: [string, Buffer, { key: string; text: string }[]][] = [
		["tEXt (A1111)", png([tEXt("parameters", "x")]), [{ key: "parameters", text: "x" }]],
		["zTXt", png([zTXt("parameters", "deflated")]), [{ key: "parameters", text: "deflated" }]],
		["iTXt UTF-8", png([iTXt("parameters", "夜桜 <lora:a:1>")]), [{ key: "parameters", text: "夜桜 <lora:a:1>" }]],
		["iTXt compressed", png([iTXt("workflow", "{}", true)]), [{ key: "workflow", text: "{}" }]],
		["text after IDAT", png([], [tEXt("prompt", "{}")]), [{ key: "prompt", text: "{}" }]],
	];
	for (const [what, file, want] of cases) it(`reads ${what}`, () => assert.deepEqual(pngTexts(file, "a.png"), want));

	const refused: [string, Buffer, RegExp][] = [
		[
			"a chunk claiming 2 GiB",
			png([chunk("tEXt", Buffer.from("parameters\0x"), { length: 0x7fffffff })]),
			/tEXt chunk claims 2147483647 bytes/,
		],
		["a bad CRC", png([chunk("tEXt", Buffer.from("parameters\0x"), { crc: 1 })]), /tEXt chunk fails its CRC check/],
		["a file cut short", png([tEXt("parameters", "x".repeat(100))]).subarray(0, 60), /ends in the middle of a chunk|claims/],
		[
			"a zip bomb",
			png([chunk("zTXt", Buffer.concat([Buffer.from("parameters\0\0"), deflateSync(Buffer.alloc(MAX_TEXT_BYTES + 1))]))]),
			/larger than 8 MiB/,
		],
		["not a PNG", Buffer.from("GIF89a........"), /not a PNG, JPEG or WebP/],
	];
	for (const [what, file, why] of refused) {
		it(`refuses ${what} with one sentence`, () => {
			assert.throws(
				() => pngTexts(file, "evil.png"),
				(e: unknown) =>
					e instanceof ImageError && why.test(e.message) && e.message.startsWith("Cannot read the generation data of evil.png: "),
			);
		});
	}
	it("refuses deep JSON in a ComfyUI prompt before parsing it", () => {
		const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
		assert.throws(
			() => imageFileResources(png([tEXt("prompt", deep)]), "deep.png"),
			(e: unknown) => e instanceof ImageError && /"prompt" JSON is nested more than 64 levels deep/.test(e.message),
		);
	});
});

describe("EXIF UserComment (JPEG, WebP)", () => {
	const text = "a cat <lora:foo:0.5>\nSteps: 20, Model hash: 0123456789";
	const cases: [string, Buffer][] = [
		["a JPEG, big-endian TIFF and UTF-16BE (piexif)", jpeg(tiffWithUserComment(unicodeComment(text)))],
		["a JPEG, little-endian TIFF and UTF-16LE", jpeg(tiffWithUserComment(unicodeComment(text, true), true))],
		["a WebP", webp(tiffWithUserComment(unicodeComment(text)))],
		["a WebP whose EXIF chunk keeps `Exif\\0\\0`", webp(tiffWithUserComment(unicodeComment(text)), true)],
	];
	for (const [what, file] of cases) {
		it(`reads ${what}`, () => {
			assert.deepEqual(plain(imageFileResources(file, "x.jpg")), [
				{ kind: "checkpoint", hashes: ["0123456789"] },
				{ kind: "lora", name: "foo", hashes: [], weight: 0.5 },
			]);
		});
	}
	it("decodes ASCII and undefined-code comments", () => {
		assert.equal(decodeUserComment(Buffer.from("ASCII\0\0\0hello")), "hello");
		assert.equal(decodeUserComment(Buffer.concat([Buffer.alloc(8), Buffer.from("夜", "utf8")])), "夜");
	});
	it("refuses an EXIF IFD that points outside the data", () => {
		const tiff = tiffWithUserComment(unicodeComment(text));
		tiff.writeUInt32BE(0xfffffff0, 4); // IFD0 offset
		assert.throws(() => imageFileResources(jpeg(tiff), "bad.jpg"), /EXIF data is malformed/);
	});
	it("reads each IFD once: an Exif IFD pointing back at IFD0 ends the walk", () => {
		const tiff = tiffWithUserComment(unicodeComment(text));
		tiff.writeUInt32BE(8, 18); // the Exif IFD pointer (IFD0's one entry, value at 8 + 2 + 8) → IFD0 itself
		assert.throws(() => imageFileResources(jpeg(tiff), "loop.jpg"), /holds no generation data/);
	});
	it("says so when an image has no generation data", () => {
		assert.throws(() => imageFileResources(jpeg(), "plain.jpg"), /holds no generation data/);
		assert.throws(() => imageFileResources(png(), "plain.png"), /holds no generation data/);
	});
});

describe("A1111 parameters", () => {
	it("reads the pairs of the last line, quoted and JSON values whole", () => {
		const pairs = paramPairs('Steps: 20, Lora hashes: "a: 1, b: 2", Hashes: {"model": "x, y"}, Size: 5x5', "p");
		assert.deepEqual(
			[...pairs],
			[
				["Steps", "20"],
				["Lora hashes", "a: 1, b: 2"],
				["Hashes", '{"model": "x, y"}'],
				["Size", "5x5"],
			],
		);
	});
	it("LoRA Manager's sample: the LoRA by its Lora hashes and prompt weight; empty and malformed hashes dropped", () => {
		assert.deepEqual(plain(mergeResources(a1111Resources(A1111, "p"))), [
			{ kind: "lora", name: "cfg_scale_boost", hashes: ["4605B2DE07"], weight: 0.6 },
		]);
	});
	it("a Civitai-made image: its version id, with no line break before Steps", () => {
		assert.deepEqual(plain(a1111Resources(fixture("a1111-civitai-resources.txt"), "p")), [
			{ kind: "checkpoint", name: "Z Image", hashes: [], versionId: 2442439 },
		]);
	});
	it("model, VAE, LoRA, TI and the extension's Hashes, merged by name and hash", () => {
		const text =
			'x <lora:detail:0.7>\nNegative prompt: bad\nSteps: 20, Model hash: 6ce0161689, Model: dream, VAE hash: 735e4c3a44, VAE: kl.pt, Lora hashes: "detail: 7c6bad76eb54", TI hashes: "easyneg: c74b4e810b03", Hashes: {"model": "6ce0161689", "lora:detail": "1d13f4c8aa", "embed:easyneg": "c74b4e810b"}';
		const rs = mergeResources(a1111Resources(text, "p"));
		assert.deepEqual(plain(rs), [
			{ kind: "checkpoint", name: "dream", hashes: ["6CE0161689"] },
			{ kind: "vae", name: "kl.pt", hashes: ["735E4C3A44"] },
			{ kind: "lora", name: "detail", hashes: ["1D13F4C8AA", "7C6BAD76EB54"], weight: 0.7 },
			{ kind: "embedding", name: "easyneg", hashes: ["C74B4E810B", "C74B4E810B03"] },
		]);
		assert.deepEqual(rs.map(lookupHash), ["6CE0161689", "735E4C3A44", "1D13F4C8AA", "C74B4E810B"]);
	});
});

describe("ComfyUI graphs", () => {
	const cases: [string, unknown, Record<string, unknown>[]][] = [
		[
			"ComfyUI's SDXL test prompt (API format)",
			JSON.parse(fixture("comfy-api-default_graph_sdxl1_0.json")),
			[
				{ kind: "checkpoint", name: "sd_xl_base_1.0.safetensors", hashes: [] },
				{ kind: "checkpoint", name: "sd_xl_refiner_1.0.safetensors", hashes: [] },
			],
		],
		[
			"the default workflow (UI format)",
			JSON.parse(fixture("comfy-ui-default.json")),
			[{ kind: "checkpoint", name: "v1-5-pruned-emaonly-fp16.safetensors", hashes: [] }],
		],
		[
			"the native LoRA loader (UI format)",
			JSON.parse(fixture("comfy-ui-native_lora_model.json")),
			[{ kind: "lora", name: "A.safetensors", hashes: [], weight: 1 }],
		],
		[
			"LoRA, VAE, ControlNet, upscaler, rgthree's Power Lora Loader, an embedding in a prompt, a muted node",
			{
				nodes: [
					{ type: "LoraLoader", mode: 0, widgets_values: ["styles/ink.safetensors", 0.8, 0.8] },
					{ type: "LoraLoader", mode: 4, widgets_values: ["bypassed.safetensors", 1, 1] },
					{ type: "VAELoader", widgets_values: ["sdxl_vae.safetensors"] },
					{ type: "ControlNetLoader", widgets_values: ["canny.safetensors"] },
					{ type: "UpscaleModelLoader", widgets_values: ["4x-UltraSharp.pth"] },
					{
						type: "Power Lora Loader (rgthree)",
						widgets_values: [
							{},
							{ on: true, lora: "civitai:706978@1050496.safetensors", strength: 0.5 },
							{ on: false, lora: "off.safetensors" },
						],
					},
					{ type: "CLIPTextEncode", widgets_values: ["a cat, embedding:easynegative, (embedding:badhands:1.2)"] },
				],
			},
			[
				{ kind: "lora", name: "ink.safetensors", hashes: [], weight: 0.8 },
				{ kind: "vae", name: "sdxl_vae.safetensors", hashes: [] },
				{ kind: "controlnet", name: "canny.safetensors", hashes: [] },
				{ kind: "upscaler", name: "4x-UltraSharp.pth", hashes: [] },
				{ kind: "lora", name: "civitai:706978@1050496.safetensors", hashes: [], modelId: 706978, versionId: 1050496, weight: 0.5 },
				{ kind: "embedding", name: "easynegative", hashes: [] },
				{ kind: "embedding", name: "badhands", hashes: [] },
			],
		],
	];
	for (const [what, graph, want] of cases)
		it(`reads ${what}`, () => assert.deepEqual(plain(comfyResources(graph, "w.json", "workflow")), want));

	it("reads a workflow .json file and a PNG with both chunks, one entry per model", () => {
		const json = Buffer.from(fixture("comfy-ui-default.json"));
		assert.equal(imageFileResources(json, "w.json").length, 1);
		const both = png([tEXt("prompt", fixture("comfy-api-default_graph_sdxl1_0.json")), tEXt("workflow", fixture("comfy-ui-default.json"))]);
		assert.deepEqual(
			imageFileResources(both, "c.png").map((r) => r.name),
			["sd_xl_base_1.0.safetensors", "sd_xl_refiner_1.0.safetensors", "v1-5-pruned-emaonly-fp16.safetensors"],
		);
	});
});

describe("Civitai's record of an image", () => {
	it("the docs' answer: civitaiResources and modelVersionIds, one entry per version", () => {
		const answer = JSON.parse(fixture("civitai-images-docs-9173928.json")) as { items: unknown[] };
		const rs = imagePageResources(answer.items[0], "image 9173928");
		assert.deepEqual(
			rs.map((r) => [r.kind, r.versionId, r.weight]),
			[
				["checkpoint", 345685, undefined],
				["lora", 249861, 0.65],
				["other", 9208, undefined],
				["other", 258687, undefined],
				["other", 332071, undefined],
			],
		);
	});
	it("a nested meta with lower- and uppercase lora: keys", () => {
		assert.deepEqual(plain(imagePageResources(JSON.parse(fixture("civitai-meta-nested.json")), "i")), [
			{ kind: "checkpoint", name: "stoiqoNewrealityFLUXSD35_f1DAlphaTwo", hashes: ["EE75FD24A4"] },
			{ kind: "lora", name: "mj", hashes: ["DE49E1E98C"] },
			{ kind: "lora", name: "Another_Earth_2", hashes: ["DC11B64A8B"] },
		]);
	});
	it("a ComfyUI image's meta: the model once, five LoRAs by hash", () => {
		const rs = imagePageResources({ meta: JSON.parse(fixture("civitai-meta-hashes.json")) }, "i");
		assert.equal(rs.length, 6);
		assert.deepEqual(plain(rs)[0], { kind: "checkpoint", name: "indexed_v1", hashes: ["692186A14A"] });
		assert.ok(rs.slice(1).every((r) => r.kind === "lora" && r.hashes.length === 1));
		assert.equal(rs[5]!.name, "绪儿 厚涂构图光影质感增强V3");
	});
});

describe("the library", () => {
	const lib = {
		sha256s: ["7C6BAD76EB54D0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F6071829"],
		versionIds: new Set([11]),
		files: new Set(["11:110"]),
		stems: new Set(["ink"]),
	};
	const cases: [string, ImageResource, boolean][] = [
		["by version id", { kind: "lora", hashes: [], versionId: 11 }, true],
		["by an AutoV2 prefix of a recorded SHA-256", { kind: "lora", hashes: ["7C6BAD76EB"] }, true],
		["by name, when the image gives nothing else", { kind: "lora", name: "styles/ink.safetensors", hashes: [] }, true],
		["not by name when it has a hash that does not match", { kind: "lora", name: "ink", hashes: ["0000000000"] }, false],
		["not a stranger", { kind: "lora", name: "other", hashes: [] }, false],
	];
	for (const [what, r, want] of cases)
		it(`${want ? "holds" : "does not hold"} a resource ${what}`, () => assert.equal(inLibrary(r, lib), want));
});
