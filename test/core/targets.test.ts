import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalDownloadUrl, isRedUrl, parseTarget, type Target } from "../../src/core/targets.js";
import { TargetError, type TargetProblem, UsageError } from "../../src/errors.js";

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

describe("parseTarget: more forms, exact", () => {
	const more: [string, Target][] = [
		["1", { kind: "number", id: 1 }],
		["2147483647", { kind: "number", id: 2147483647 }],
		["007", { kind: "number", id: 7 }],
		["models:5", { kind: "model", modelId: 5 }],
		["Versions:9", { kind: "version", versionId: 9 }],
		["MODEL:2147483647", { kind: "model", modelId: 2147483647 }],
		["https://civitai.blue/models/1", { kind: "model", modelId: 1 }],
		["https://civitai.com/models/5?modelVersionId=7&fileId=8", { kind: "model", modelId: 5, versionId: 7, fileId: 8 }],
		["https://civitai.com/models/5?fileId=8", { kind: "model", modelId: 5, fileId: 8 }],
		["https://civitai.com:8443/models/1", { kind: "model", modelId: 1 }],
		["HTTPS://CIVITAI.COM/models/2", { kind: "model", modelId: 2 }],
		["www.civitai.com/models/3", { kind: "model", modelId: 3 }],
		["https://www.civitai.red/models/4", { kind: "model", modelId: 4, site: "red" }],
		[
			"https://civitai.com/api/download/models/5?type=Model&format=&size=pruned",
			{ kind: "version", versionId: 5, selector: { type: "Model", size: "pruned" } },
		],
		["https://civitai.com/api/download/models/5?type=Model&fileId=6", { kind: "version", versionId: 5, fileId: 6 }],
		["https://civitai.com/api/download/models/5?format=", { kind: "version", versionId: 5 }],
		["civitai:5", { kind: "model", modelId: 5 }],
		["CIVITAI:5", { kind: "model", modelId: 5 }],
		["urn:air:sdxl:lora:CivitAI:5@6", { kind: "model", modelId: 5, versionId: 6 }],
		["urn:air:sdxl:lora:civitai:5+9", { kind: "model", modelId: 5, fileId: 9 }],
		// a file id of 0 is no file id: the version's primary file
		["urn:air:sdxl:lora:civitai:5@6+0", { kind: "model", modelId: 5, versionId: 6 }],
	];
	for (const [input, expected] of more) {
		it(`parses ${input}`, () => assert.deepEqual(parseTarget(input), expected));
	}

	it("a schemeless URL starts with its host: an extra host after other text is no URL", () => {
		assert.throws(
			() => parseTarget("x:y.com/models/1", ["x:y.com"]),
			(e: unknown) => e instanceof TargetError && e.problem.why === "unknown_form",
		);
	});

	it("accepts the extra hosts whatever their case, and only those", () => {
		assert.deepEqual(parseTarget("http://localhost:8080/models/1", ["LocalHost:8080"]), { kind: "model", modelId: 1 });
		assert.deepEqual(parseTarget("localhost.test/models/1", ["LOCALHOST.TEST"]), { kind: "model", modelId: 1 });
	});
});

describe("parseTarget: each refusal names its problem and the input", () => {
	const refusals: [string, string, TargetProblem][] = [
		["", "", { why: "empty" }],
		["   ", "   ", { why: "empty" }],
		["0", "0", { why: "range" }],
		["2147483648", "2147483648", { why: "range" }],
		["12345678901", "12345678901", { why: "range" }],
		["model:0", "model:0", { why: "range" }],
		["version:2147483648", "version:2147483648", { why: "range" }],
		["https://exa mple.com/models/1", "https://exa mple.com/models/1", { why: "bad_url" }],
		["https://evil.com/models/1", "https://evil.com/models/1", { why: "host", host: "evil.com" }],
		["https://civitai.com.evil.com/models/1", "https://civitai.com.evil.com/models/1", { why: "host", host: "civitai.com.evil.com" }],
		["https://notcivitai.com:81/models/1", "https://notcivitai.com:81/models/1", { why: "host", host: "notcivitai.com:81" }],
		["https://civitai.com/models/0", "https://civitai.com/models/0", { why: "model_id" }],
		["https://civitai.com/models/2147483648", "https://civitai.com/models/2147483648", { why: "model_id" }],
		["civitai.com/models/abc", "https://civitai.com/models/abc", { why: "model_id" }],
		["https://civitai.com/models/5?modelVersionId=0", "https://civitai.com/models/5?modelVersionId=0", { why: "model_version_id" }],
		["https://civitai.com/models/5?modelVersionId=", "https://civitai.com/models/5?modelVersionId=", { why: "model_version_id" }],
		["https://civitai.com/models/5?fileId=abc", "https://civitai.com/models/5?fileId=abc", { why: "file_id" }],
		["https://civitai.com/models/5?fileId=", "https://civitai.com/models/5?fileId=", { why: "file_id" }],
		["https://civitai.com/api/download/models/5?fileId=0", "https://civitai.com/api/download/models/5?fileId=0", { why: "file_id" }],
		["https://civitai.com/models", "https://civitai.com/models", { why: "path", path: "/models" }],
		["https://civitai.com/model-versions/abc", "https://civitai.com/model-versions/abc", { why: "version_id" }],
		["https://civitai.com/model-versions/0", "https://civitai.com/model-versions/0", { why: "version_id" }],
		["https://civitai.com/model-versions", "https://civitai.com/model-versions", { why: "path", path: "/model-versions" }],
		["https://civitai.com/model-versions/5/x", "https://civitai.com/model-versions/5/x", { why: "path", path: "/model-versions/5/x" }],
		["https://civitai.com/api/download/models/x", "https://civitai.com/api/download/models/x", { why: "version_id" }],
		[
			"https://civitai.com/api/download/models/5/6",
			"https://civitai.com/api/download/models/5/6",
			{ why: "path", path: "/api/download/models/5/6" },
		],
		["https://civitai.com/api/download/models", "https://civitai.com/api/download/models", { why: "path", path: "/api/download/models" }],
		[
			"https://civitai.com/api/download/model/5",
			"https://civitai.com/api/download/model/5",
			{ why: "path", path: "/api/download/model/5" },
		],
		["https://civitai.com/api/upload/models/5", "https://civitai.com/api/upload/models/5", { why: "path", path: "/api/upload/models/5" }],
		[
			"https://civitai.com/v1/download/models/5",
			"https://civitai.com/v1/download/models/5",
			{ why: "path", path: "/v1/download/models/5" },
		],
		["example.com/models/1", "example.com/models/1", { why: "unknown_form" }],
		["foo:5", "foo:5", { why: "unknown_form" }],
		["huggingface:5@1", "huggingface:5@1", { why: "air_source", source: "huggingface" }],
		["urn:air:sdxl:lora:civitai:0@1", "urn:air:sdxl:lora:civitai:0@1", { why: "air_model" }],
		["civitai:abc@1", "civitai:abc@1", { why: "air_model" }],
		["civitai:5@abc", "civitai:5@abc", { why: "air_version" }],
		["civitai:5@0", "civitai:5@0", { why: "air_version" }],
		["civitai:5@2147483648", "civitai:5@2147483648", { why: "air_version" }],
		// ids are digits only, whatever Number() would make of them
		["https://civitai.com/models/1.5", "https://civitai.com/models/1.5", { why: "model_id" }],
		["https://civitai.com/models/0x10", "https://civitai.com/models/0x10", { why: "model_id" }],
		["https://civitai.com/models/1e3", "https://civitai.com/models/1e3", { why: "model_id" }],
		["https://civitai.com/models/5?modelVersionId=+5", "https://civitai.com/models/5?modelVersionId=+5", { why: "model_version_id" }],
		["civitai:0x10@1", "civitai:0x10@1", { why: "air_model" }],
		// each form is the whole input, not a part of it
		["5abc", "5abc", { why: "unknown_form" }],
		["xmodel:5", "xmodel:5", { why: "unknown_form" }],
		["model:5x", "model:5x", { why: "unknown_form" }],
		["xhttps://civitai.com/models/1", "xhttps://civitai.com/models/1", { why: "unknown_form" }],
		["my civitai:5@1", "my civitai:5@1", { why: "unknown_form" }],
	];
	for (const [raw, input, problem] of refusals) {
		it(`refuses ${JSON.stringify(raw)}: ${problem.why}`, () => {
			assert.throws(
				() => parseTarget(raw),
				(e: unknown) => {
					assert.ok(e instanceof TargetError);
					assert.deepEqual({ input: e.input, problem: e.problem }, { input, problem });
					return true;
				},
			);
		});
	}
});

describe("isRedUrl", () => {
	const table: [string, string[], boolean][] = [
		["https://civitai.red/models/1", [], true],
		["https://WWW.civitai.red/models/1", [], true],
		["https://civitai.com/models/1", [], false],
		["https://red.civitai.com/models/1", [], false],
		["http://127.0.0.1:9001/models/1", ["127.0.0.1:9001"], true],
		["http://localhost:9001/models/1", ["LocalHost:9001"], true],
		["http://127.0.0.1:9000/models/1", ["127.0.0.1:9001"], false],
	];
	for (const [url, redHosts, red] of table) {
		it(`${url} with ${JSON.stringify(redHosts)}: ${red}`, () => assert.equal(isRedUrl(new URL(url), redHosts), red));
	}
});

describe("canonicalDownloadUrl: the history's url column", () => {
	const table: [string, number, number | undefined, string][] = [
		["https://civitai.com", 128713, undefined, "https://civitai.com/api/download/models/128713"],
		["https://civitai.com", 3219757, 3101651, "https://civitai.com/api/download/models/3219757?fileId=3101651"],
		["http://127.0.0.1:8000/some/path/", 5, 6, "http://127.0.0.1:8000/api/download/models/5?fileId=6"],
	];
	for (const [base, version, file, url] of table) it(url, () => assert.equal(canonicalDownloadUrl(base, version, file), url));
});
