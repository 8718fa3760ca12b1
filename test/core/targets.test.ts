import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseTarget, type Target } from "../../src/core/targets.js";
import { UsageError } from "../../src/errors.js";

const cases: [string, Target][] = [
	["https://civitai.com/models/4384", { kind: "model", modelId: 4384 }],
	["https://www.civitai.com/models/4384/dreamshaper", { kind: "model", modelId: 4384 }],
	["https://civitai.red/models/4384/dreamshaper?modelVersionId=128713", { kind: "model", modelId: 4384, versionId: 128713, site: "red" }],
	["civitai.red/api/download/models/7?fileId=8", { kind: "version", versionId: 7, fileId: 8, site: "red" }],
	["https://civitai.green/models/4384", { kind: "model", modelId: 4384 }],
	["civitai.com/models/12", { kind: "model", modelId: 12 }],
	["https://civitai.com/model-versions/128713", { kind: "version", versionId: 128713 }],
	["https://civitai.com/api/download/models/128713", { kind: "version", versionId: 128713 }],
	["https://civitai.com/api/download/models/3219757?fileId=3101651", { kind: "version", versionId: 3219757, fileId: 3101651 }],
	[
		"https://civitai.com/api/download/models/128713?type=Model&format=SafeTensor&size=pruned&fp=fp16",
		{ kind: "version", versionId: 128713, selector: { type: "Model", format: "SafeTensor", size: "pruned", fp: "fp16" } },
	],
	["urn:air:sdxl:checkpoint:civitai:827184@2514310", { kind: "model", modelId: 827184, versionId: 2514310 }],
	["urn:air:sdxl:checkpoint:civitai:827184@2514310+2402203", { kind: "model", modelId: 827184, versionId: 2514310, fileId: 2402203 }],
	["air:flux1:lora:civitai:706978@1050496", { kind: "model", modelId: 706978, versionId: 1050496 }],
	["civitai:827184@2514310", { kind: "model", modelId: 827184, versionId: 2514310 }],
	["urn:air:sdxl:lora:civitai:706978", { kind: "model", modelId: 706978 }],
	["urn:air:sdxl:lora:civitai:706978@1050496.safetensors", { kind: "model", modelId: 706978, versionId: 1050496 }],
	["model:4384", { kind: "model", modelId: 4384 }],
	["version:128713", { kind: "version", versionId: 128713 }],
	["  4384 ", { kind: "number", id: 4384 }],
	["http://127.0.0.1:8080/models/5?modelVersionId=6", { kind: "model", modelId: 5, versionId: 6 }],
];

describe("parseTarget", () => {
	for (const [input, expected] of cases) {
		it(`parses ${input}`, () => {
			assert.deepEqual(parseTarget(input, ["127.0.0.1:8080"]), expected);
		});
	}

	const bad: [string, RegExp][] = [
		["", /empty/],
		["https://example.com/models/1", /not a Civitai host/],
		["https://civitai.com/user/someone", /not a model/],
		["https://civitai.com/models/abc", /model id is not a number/],
		["https://civitai.com/models/1?modelVersionId=x", /modelVersionId/],
		["urn:air:sdxl:lora:huggingface:foo@1", /source is "huggingface"/],
		["model:0", /out of range/],
		["99999999999", /out of range/],
		["hello world", /Expected a Civitai model URL/],
		["http://127.0.0.1:9999/models/1", /not a Civitai host/],
	];
	for (const [input, why] of bad) {
		it(`refuses ${JSON.stringify(input)}`, () => {
			assert.throws(
				() => parseTarget(input, ["127.0.0.1:8080"]),
				(e: unknown) => e instanceof UsageError && why.test(e.message),
			);
		});
	}
});

describe("parseTarget: the red origin", () => {
	it("marks a URL on the configured red host (host:port) and accepts it", () => {
		assert.deepEqual(parseTarget("http://127.0.0.1:9001/models/5", ["127.0.0.1:9000"], ["127.0.0.1:9001"]), {
			kind: "model",
			modelId: 5,
			site: "red",
		});
	});
	it("leaves a URL on the base host (same host name, other port) unmarked", () => {
		assert.deepEqual(parseTarget("http://127.0.0.1:9000/models/5", ["127.0.0.1:9000"], ["127.0.0.1:9001"]), { kind: "model", modelId: 5 });
	});
	it("never marks host-less targets", () => {
		assert.deepEqual(parseTarget("model:5", [], ["127.0.0.1:9001"]), { kind: "model", modelId: 5 });
	});
});
