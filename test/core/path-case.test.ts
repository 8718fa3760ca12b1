import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { folderSpelling, foldName, insideFolded, pathKey } from "../../src/core/path-case.js";

describe("names as a case-insensitive file system compares them", () => {
	const same: [string, string, string][] = [
		["ASCII case", "Detail.safetensors", "detail.safetensors"],
		["all upper", "DETAIL.SAFETENSORS", "detail.safetensors"],
		["accented letters", "Élan.pt", "élan.pt"],
		["Greek", "Σ.pt", "σ.pt"],
		["Cyrillic", "Модель.pt", "модель.pt"],
		["full-width Latin", "Ａ.pt", "ａ.pt"],
		["NFC and NFD (APFS ignores the normal form)", "Cafe\u0301.pt", "Caf\u00e9.pt"],
	];
	for (const [what, a, b] of same) it(`one file: ${what}`, () => assert.equal(foldName(a), foldName(b)));
	const apart: [string, string, string][] = [
		["another letter", "detail.safetensors", "detall.safetensors"],
		["ß is not SS (one code point maps to one)", "straße.pt", "strasse.pt"],
		["Japanese has no case", "夜桜.pt", "夜櫻.pt"],
	];
	for (const [what, a, b] of apart) it(`two files: ${what}`, () => assert.notEqual(foldName(a), foldName(b)));
	it("a key folds only on a case-insensitive folder", () => {
		assert.equal(pathKey("/lib/Lora/Detail.safetensors", "insensitive"), pathKey("/lib/lora/detail.safetensors", "insensitive"));
		assert.notEqual(pathKey("/lib/lora/Detail.safetensors", "sensitive"), pathKey("/lib/lora/detail.safetensors", "sensitive"));
		assert.equal(pathKey("/lib/lora/../lora/x", "sensitive"), "/lib/lora/x");
	});
});

describe("inside a folder, compared case-insensitively", () => {
	const cases: [string, string, string, string | undefined][] = [
		["the same spelling", "/mnt/usb/lora/x.safetensors", "/mnt/usb/lora", "/mnt/usb/lora"],
		["another case", "/mnt/usb/LORA/x.safetensors", "/mnt/usb/lora", "/mnt/usb/LORA"],
		["the folder itself", "/mnt/usb/Lora", "/mnt/usb/lora", "/mnt/usb/Lora"],
		["a sibling", "/mnt/usb/lora-evil/x", "/mnt/usb/lora", undefined],
		["`..` out", "/mnt/usb/LORA/../../etc/x", "/mnt/usb/lora", undefined],
		["elsewhere", "/home/u/x", "/mnt/usb/lora", undefined],
	];
	for (const [what, path, folder, want] of cases) {
		it(what, () => {
			assert.equal(folderSpelling(path, folder), want);
			assert.equal(insideFolded(path, folder), want !== undefined);
		});
	}
});
