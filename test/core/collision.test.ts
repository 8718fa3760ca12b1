import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	candidateNames,
	type FileKey,
	type Ownership,
	ownership,
	type PathOwner,
	pickCandidate,
	tagged,
	vouchedFor,
} from "../../src/core/collision.js";
import { asSha256 } from "../../src/core/sha256.js";

const me: FileKey = { versionId: "2001", fileId: "20010" };
const owner = (o: Partial<PathOwner>): PathOwner => ({ versionId: "2001", fileId: "20010", sha256: "AB", sizeBytes: "10", ...o });

describe("whose file a recorded path holds", () => {
	const cases: [string, PathOwner | undefined, FileKey, Ownership][] = [
		["no row", undefined, me, "none"],
		["this version and file", owner({}), me, "this"],
		["another version", owner({ versionId: "2002" }), me, "other"],
		["this version, another file", owner({ fileId: "20011" }), me, "other"],
		["this version, the row has no file id", owner({ fileId: "" }), me, "this"],
		["a row without a version id (an old seed row)", owner({ versionId: "" }), me, "none"],
		["we do not know our version", owner({}), { versionId: "", fileId: "" }, "none"],
	];
	for (const [name, o, key, want] of cases) it(name, () => assert.equal(ownership(o, key), want));
});

describe("the history vouches for a file by its row", () => {
	const cases: [string, PathOwner | undefined, string | undefined, boolean][] = [
		["this file, the API's hash", owner({}), "AB", true],
		["this file, the hash in other case", owner({ sha256: "ab" }), "AB", true],
		["this file, another hash", owner({ sha256: "CD" }), "AB", false],
		["this file, the row has no hash", owner({ sha256: "" }), "AB", false],
		["this file, the API gives no hash", owner({ sha256: "" }), undefined, true],
		["another version's row with the same hash", owner({ versionId: "2002" }), "AB", false],
		["no row", undefined, "AB", false],
	];
	for (const [name, o, sha, want] of cases) it(name, () => assert.equal(vouchedFor(o, me, asSha256(sha)), want));
});

describe("distinct names", () => {
	it("the version id before the extension, then the file id too", () => {
		assert.deepEqual(candidateNames("pytorch_lora_weights.safetensors", me), [
			"pytorch_lora_weights.safetensors",
			"pytorch_lora_weights_2001.safetensors",
			"pytorch_lora_weights_2001_20010.safetensors",
		]);
	});
	const cases: [string, string, string][] = [
		["no extension", "model", "model_7"],
		["a dot file keeps its name as the stem", ".hidden", ".hidden_7"],
		["only the last extension", "model.tar.gz", "model.tar_7.gz"],
		["a long name is cut before the tag, within 255 bytes", `${"あ".repeat(100)}.safetensors`, `${"あ".repeat(80)}_7.safetensors`],
	];
	for (const [name, input, want] of cases) it(name, () => assert.equal(tagged(input, "_7"), want));
	it("a cut name stays within 255 bytes", () => assert.ok(Buffer.byteLength(tagged(`${"x".repeat(300)}.pt`, "_123_456")) <= 255));
});

describe("which candidate to use", () => {
	const cases: [string, Ownership[], number | undefined][] = [
		["its own name is free", ["none", "none", "none"], 0],
		["its own name is this file's", ["this", "none", "none"], 0],
		["its own name is another's", ["other", "none", "none"], 1],
		["both first names are others'", ["other", "other", "none"], 2],
		["all are others': none", ["other", "other", "other"], undefined],
		["a distinct name already this file's wins over a free own name", ["none", "this", "none"], 1],
		["the second distinct name is this file's", ["other", "other", "this"], 2],
	];
	for (const [name, owned, want] of cases) it(name, () => assert.equal(pickCandidate(owned), want));
});

describe("whose file, when our file id is unknown", () => {
	it("this version, we know no file id: the row is this file's", () => {
		assert.equal(ownership(owner({}), { versionId: "2001", fileId: "" }), "this");
	});
	it("another version, we know no file id: another's", () => {
		assert.equal(ownership(owner({ versionId: "2002" }), { versionId: "2001", fileId: "" }), "other");
	});
});

describe("vouched for: the hash compared without regard to case, either side (each read as a hash enters)", () => {
	it("a lower-case hash from the API matches an upper-case row", () =>
		assert.equal(vouchedFor(owner({ sha256: "AB" }), me, asSha256("ab")), true));
	it("a mixed-case row matches a mixed-case API hash", () => assert.equal(vouchedFor(owner({ sha256: "aB" }), me, asSha256("Ab")), true));
});

describe("tagged: exact names at the 255-byte bound", () => {
	const cases: [string, string, string][] = [
		["a name that just fits with its tag is not cut", `${"x".repeat(250)}.pt`, `${"x".repeat(250)}_7.pt`],
		["one byte more is cut by one", `${"x".repeat(251)}.pt`, `${"x".repeat(250)}_7.pt`],
		["a three-byte character that would pass 255 is left out whole", `${"x".repeat(248)}あ.pt`, `${"x".repeat(248)}_7.pt`],
		["an extension of 16 bytes is kept", `${"x".repeat(300)}.abcdefghijklmno`, `${"x".repeat(237)}_7.abcdefghijklmno`],
		["an extension of 17 bytes is part of the stem", `${"x".repeat(300)}.abcdefghijklmnop`, `${"x".repeat(253)}_7`],
	];
	for (const [name, input, want] of cases) it(name, () => assert.equal(tagged(input, "_7"), want));
});
