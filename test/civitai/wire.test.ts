import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { issuePath, WireModelSchema, WireVersionSchema } from "../../src/civitai/wire-types.js";

describe("wire schemas", () => {
	it("reads nulls as absent and keeps fields civitai-dl does not read as they were sent", () => {
		const v = WireVersionSchema.parse({
			id: 7,
			modelId: null,
			name: "v1",
			baseModel: null,
			trainedWords: ["x"],
			model: { name: "M", type: "LORA", nsfw: false, mode: null },
			files: [
				{ id: 1, name: "a.safetensors", sizeKB: 1.5, metadata: { format: null, size: null, fp: null }, hashes: { SHA256: "AB", CRC32: 5 } },
			],
		});
		assert.equal(v.modelId, undefined);
		assert.equal(v.model?.mode, undefined);
		assert.equal(v.files?.[0]?.sizeKB, 1.5);
		assert.deepEqual(v.files?.[0]?.hashes, { SHA256: "AB" }, "a non-string hash is dropped, not refused");
		assert.deepEqual(v.trainedWords, ["x"], "kept for the .civitai.info sidecar");
		assert.equal(v.model?.nsfw, false);
	});

	const wrong: [string, unknown, string][] = [
		["a string id", { id: "7" }, "id"],
		["files that are not a list", { id: 7, files: "none" }, "files"],
		["a negative size", { id: 7, files: [{ id: 1, sizeKB: -1 }] }, "files[0].sizeKB"],
		["a file without an id", { id: 7, files: [{ name: "a" }] }, "files[0].id"],
		["a model name that is a number", { id: 7, model: { name: 5 } }, "model.name"],
	];
	for (const [name, json, path] of wrong) {
		it(`refuses ${name}, naming ${path}`, () => {
			const r = WireVersionSchema.safeParse(json);
			assert.equal(r.success, false);
			assert.equal(issuePath(r.error?.issues[0]?.path ?? []), path);
		});
	}

	it("reads a model's version ids and refuses a version without one", () => {
		assert.deepEqual(WireModelSchema.parse({ id: 1, modelVersions: [{ id: 2, files: [] }] }).modelVersions, [{ id: 2 }]);
		assert.equal(WireModelSchema.safeParse({ id: 1, modelVersions: [{ name: "x" }] }).success, false);
	});
});
