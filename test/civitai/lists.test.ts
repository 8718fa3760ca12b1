import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { WireModelPageSchema } from "../../src/civitai/wire-lists.js";
import { identify } from "../../src/core/import-plan.js";
import { cursorOf } from "../../src/core/listing.js";
import { Pacer } from "../../src/requests/pacer.js";
import { VirtualClock } from "../virtual-clock.js";

describe("a page of GET /api/v1/models, as Civitai's docs show it", () => {
	it("reads the models with their versions and files, and the next cursor", () => {
		const text = readFileSync(join(import.meta.dirname, "../fixtures/civitai-real/models-list-docs.json"), "utf8");
		const page = WireModelPageSchema.parse(JSON.parse(text));
		assert.equal(page.items[0]!.modelVersions![0]!.files![0]!.name, "waiIllustriousSDXL_v160.safetensors");
		assert.equal(cursorOf(page.metadata), "75363|932023|257749");
	});
});

describe("the gateway's lookup slots (listings share them with every lookup)", () => {
	it("the first lookup goes at once; each next one waits until the pause since the one before has passed", async () => {
		const clock = new VirtualClock();
		const pacer = new Pacer(clock, { sleepMs: 5000, lookupPauseMs: 1000 }, new AbortController().signal);
		const pace = () => pacer.lookupSlot();
		await pace();
		await pace();
		await clock.sleep(400);
		await pace();
		await clock.sleep(5000);
		await pace();
		assert.deepEqual(clock.sleeps, [1000, 400, 600, 5000]);
	});
});

describe("identify: the file of a by-hash answer", () => {
	const version = {
		id: 2,
		modelId: 1,
		files: [
			{ id: 20, name: "a.safetensors", hashes: { SHA256: "AB".repeat(32), AutoV2: "ABABABABAB", AutoV3: "0123456789AB" } },
			{ id: 21, name: "b.safetensors", hashes: { SHA256: "CD".repeat(32) } },
		],
	};
	const cases: [string, number | undefined][] = [
		["cd".repeat(32), 21],
		["ABABABABAB", 20],
		["cdcdcdcdcd", 21],
		["0123456789ab", 20],
		["ABABABAB", undefined],
		["EF".repeat(32), undefined],
	];
	for (const [hash, fileId] of cases) it(`${hash.slice(0, 12)}… → ${fileId}`, () => assert.equal(identify(version, hash)?.fileId, fileId));
});
