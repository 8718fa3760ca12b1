import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	baseModelDiffers,
	batchIds,
	findOutdated,
	gated,
	type ListedModel,
	newestVersion,
	type OwnedRow,
	originOfUrl,
	planCheck,
	planUpdate,
} from "../../src/core/updates.js";

const BASE = "https://civitai.com";
const RED = "https://civitai.red";

function row(model: string, version: string, url = `${BASE}/api/download/models/${version}`): OwnedRow {
	return { url, model_id: model, version_id: version, model_type: "lora", path: `/m/${model}/${version}.safetensors` };
}

describe("update checks: grouping and batching", () => {
	for (const [url, want] of [
		[`${BASE}/api/download/models/1`, BASE],
		["https://www.civitai.com/models/1", BASE],
		[`${RED}/api/download/models/1`, RED],
		["https://example.com/x", BASE],
		["", BASE],
		["not a url", BASE],
	] as const) {
		it(`${JSON.stringify(url)} belongs to ${want}`, () => assert.equal(originOfUrl(url, [BASE, RED]), want));
	}

	it("groups models by origin, keeping the newest version the history holds", () => {
		const plan = planCheck(
			[
				row("1", "10"),
				row("1", "12"),
				row("1", "11"),
				row("2", "20", `${RED}/api/download/models/20`),
				row("", "5"),
				row("x", "5"),
				row("3", ""),
			],
			[BASE, RED],
		);
		assert.deepEqual(
			plan.byOrigin.get(BASE)!.map((o) => [o.modelId, o.newestVersionId]),
			[[1, 12]],
		);
		assert.deepEqual(
			plan.byOrigin.get(RED)!.map((o) => [o.modelId, o.newestVersionId]),
			[[2, 20]],
		);
		assert.equal(plan.withoutModelId, 3);
	});

	it("leaves ignored models out and counts them once", () => {
		const plan = planCheck([row("1", "10"), row("1", "11"), row("2", "20")], [BASE], [1]);
		assert.deepEqual(
			plan.byOrigin.get(BASE)!.map((o) => o.modelId),
			[2],
		);
		assert.equal(plan.ignored, 1);
	});

	for (const [n, sizes] of [
		[0, []],
		[1, [1]],
		[100, [100]],
		[101, [100, 1]],
		[250, [100, 100, 50]],
	] as const) {
		it(`${n} ids → batches of ${JSON.stringify(sizes)}`, () => {
			const ids = Array.from({ length: n }, (_, i) => i + 1);
			const batches = batchIds(ids);
			assert.deepEqual(
				batches.map((b) => b.length),
				sizes,
			);
			assert.deepEqual(batches.flat(), ids);
		});
	}
});

describe("update checks: newer and base models", () => {
	const listed: ListedModel[] = [
		{
			id: 1,
			name: "One",
			versions: [
				{ id: 13, name: "v3", baseModel: "Pony" },
				{ id: 12, name: "v2", baseModel: "SDXL 1.0" },
				{ id: 11, baseModel: "SDXL 1.0" },
			],
		},
		{ id: 2, name: "Two", versions: [{ id: 21, baseModel: "SD 1.5" }] },
		{ id: 3, versions: [{ id: 31, baseModel: "SD 1.5" }, { id: 30 }] },
	];
	const owned = (id: number, v: number) => ({ modelId: id, newestVersionId: v, row: row(String(id), String(v)) });

	it("a higher published id is newer; the same or lower is up to date; an absent model is not found", () => {
		const r = findOutdated(BASE, [owned(1, 12), owned(2, 21), owned(3, 30), owned(4, 40)], listed);
		assert.deepEqual(
			r.outdated.map((o) => [o.modelId, o.have.id, o.newest.id, o.baseModelChanged]),
			[
				[1, 12, 13, true],
				[3, 30, 31, false], // your version's base model is unknown: not called a change
			],
		);
		assert.equal(r.upToDate, 1);
		assert.equal(r.notFound, 1);
		assert.deepEqual(
			r.notListed.map((n) => [n.modelId, n.origin, n.row.path]),
			[[4, BASE, "/m/4/40.safetensors"]],
		);
		assert.equal(r.outdated[1]!.name, "model 3");
	});

	it("an ignored version is never the newest: the next newer one is offered instead", () => {
		const r = findOutdated(BASE, [owned(1, 11)], listed, [13]);
		assert.deepEqual(
			r.outdated.map((o) => [o.newest.id, o.baseModelChanged]),
			[[12, false]],
		);
		assert.equal(findOutdated(BASE, [owned(1, 12)], listed, [13]).upToDate, 1);
	});

	it("a version still in early or paid access is not yet an update; once its date has passed it is", () => {
		const gatedList: ListedModel[] = [{ id: 1, versions: [{ id: 13, gatedUntil: "2026-12-01T00:00:00Z" }, { id: 12 }, { id: 11 }] }];
		const before = Date.parse("2026-11-30T00:00:00Z");
		assert.deepEqual(
			findOutdated(BASE, [owned(1, 11)], gatedList, [], before).outdated.map((o) => o.newest.id),
			[12],
		);
		assert.equal(findOutdated(BASE, [owned(1, 12)], gatedList, [], before).upToDate, 1);
		assert.deepEqual(
			findOutdated(BASE, [owned(1, 12)], gatedList, [], Date.parse("2026-12-02T00:00:00Z")).outdated.map((o) => o.newest.id),
			[13],
		);
	});

	// Cute: you have v1 (SD 1.5); Civitai has v2 (SD 1.5) and v3 XL (SDXL)
	const cute = (versions: ListedModel["versions"]): ListedModel[] => [{ id: 5, name: "Cute", versions }];
	const v = (id: number, baseModel?: string, gatedUntil?: string) => ({
		id,
		...(baseModel ? { baseModel } : {}),
		...(gatedUntil !== undefined ? { gatedUntil } : {}),
	});
	for (const [title, versions, ignore, want] of [
		[
			"v2 (SD 1.5) and v3 (SDXL): the newest is v3, the newest for your base is v2",
			[v(1, "SD 1.5"), v(2, "SD 1.5"), v(3, "SDXL 1.0")],
			[],
			[3, true, 2],
		],
		["only v3 (SDXL) is newer: no newer version for your base", [v(1, "SD 1.5"), v(3, "SDXL 1.0")], [], [3, true, null]],
		["v3 is for your base too: it is both", [v(1, "SD 1.5"), v(2, "SD 1.5"), v(3, "SD 1.5")], [], [3, false, 3]],
		["v2 is ignored: no newer version for your base", [v(1, "SD 1.5"), v(2, "SD 1.5"), v(3, "SDXL 1.0")], [2], [3, true, null]],
		["v2 is in early access: not yet", [v(1, "SD 1.5"), v(2, "SD 1.5", ""), v(3, "SDXL 1.0")], [], [3, true, null]],
		["v2's base is unknown: taken as yours", [v(1, "SD 1.5"), v(2), v(3, "SDXL 1.0")], [], [3, true, 2]],
		["an older version for your base (v0) is no update", [v(0, "SD 1.5"), v(1, "SD 1.5"), v(3, "SDXL 1.0")], [], [3, true, null]],
	] as const) {
		it(`newest and newest for your base model: ${title}`, () => {
			const r = findOutdated(BASE, [owned(5, 1)], cute([...versions]), [...ignore]);
			assert.equal(r.outdated.length, 1);
			const o = r.outdated[0]!;
			assert.deepEqual([o.newest.id, o.baseModelChanged, o.newestSameBase?.id ?? null], want);
		});
	}

	for (const [until, now, want] of [
		[undefined, 0, false],
		["2026-12-01T00:00:00Z", Date.parse("2026-11-30T00:00:00Z"), true],
		["2026-12-01T00:00:00Z", Date.parse("2026-12-01T00:00:01Z"), false],
		["", 0, true], // gated with no end (permanent paid access)
	] as const) {
		it(`gated(${JSON.stringify(until)}) at ${now}: ${want}`, () => assert.equal(gated({ gatedUntil: until }, now), want));
	}

	it("newestVersion picks the highest id, whatever the order", () => {
		assert.equal(newestVersion([{ id: 5 }, { id: 9 }, { id: 7 }])?.id, 9);
		assert.equal(newestVersion([]), undefined);
	});

	for (const [have, next, differs] of [
		["SDXL 1.0", "SDXL 1.0", false],
		["SDXL 1.0", "sdxl 1.0 ", false],
		[" Pony", "pony", false],
		["SD 1.5", "SDXL 1.0", true],
		[null, "Pony", false],
		["Pony", null, false],
	] as const) {
		it(`base ${have} → ${next}: ${differs ? "changed" : "same"}`, () => assert.equal(baseModelDiffers(have, next), differs));
	}
});

describe("update plan", () => {
	const o = (id: number, changed: boolean, sizeBytes?: number) => ({
		modelId: id,
		name: `M${id}`,
		origin: BASE,
		have: { id: 1, name: null, baseModel: null },
		newest: { id: id * 10, ...(sizeBytes !== undefined ? { sizeBytes } : {}) },
		baseModelChanged: changed,
		newestSameBase: changed ? null : { id: id * 10, ...(sizeBytes !== undefined ? { sizeBytes } : {}) },
		row: row(String(id), "1"),
	});
	/** Newest v3 (200 bytes) for another base, v2 (100 bytes) for yours. */
	const both = (id: number) => ({
		...o(id, true, 200),
		newestSameBase: { id: id * 10 - 1, sizeBytes: 100 },
	});

	for (const [all, want, otherBase, size] of [
		[
			false,
			[
				[1, 10],
				[4, 39],
			],
			2,
			100,
		],
		[
			true,
			[
				[1, 10],
				[2, 20],
				[4, 40],
			],
			0,
			250,
		],
	] as const) {
		it(`${all ? "--all-base-models: the newest whatever its base" : "by default: the newest for your base model, even when a newer one is for another"}`, () => {
			const p = planUpdate([o(1, false), o(2, true, 50), both(4)], all);
			assert.deepEqual(
				p.take.map((x) => [x.modelId, x.version.id]),
				want,
			);
			assert.equal(p.otherBase, otherBase);
			assert.equal(p.sizeBytes, size);
		});
	}

	it("takes the same base model only, and totals the sizes", () => {
		const p = planUpdate([o(1, false, 100), o(2, true, 50), o(3, false)], false);
		assert.deepEqual(
			p.take.map((x) => x.modelId),
			[1, 3],
		);
		assert.equal(p.otherBase, 1);
		assert.equal(p.sizeBytes, 100);
		assert.equal(p.unknownSize, 1);
	});

	it("--all-base-models takes every one", () => {
		const p = planUpdate([o(1, false, 100), o(2, true, 50)], true);
		assert.deepEqual(
			p.take.map((x) => x.modelId),
			[1, 2],
		);
		assert.equal(p.otherBase, 0);
		assert.equal(p.sizeBytes, 150);
	});
});

describe("update checks: exact answers", () => {
	const owned = (id: number, v: number) => ({ modelId: id, newestVersionId: v, row: row(String(id), String(v)) });

	it("an owned version missing from the listing (deleted or unpublished): its name and base model are unknown, no base change", () => {
		const listed: ListedModel[] = [{ id: 2, name: "Two", versions: [{ id: 21, name: "v21", baseModel: "SD 1.5", sizeBytes: 5 }] }];
		assert.deepEqual(findOutdated(RED, [owned(2, 19)], listed), {
			outdated: [
				{
					modelId: 2,
					name: "Two",
					origin: RED,
					have: { id: 19, name: null, baseModel: null },
					newest: { id: 21, name: "v21", baseModel: "SD 1.5", sizeBytes: 5 },
					// the owned version's base model is unknown: the newest counts as for the same base
					newestSameBase: { id: 21, name: "v21", baseModel: "SD 1.5", sizeBytes: 5 },
					baseModelChanged: false,
					row: row("2", "19"),
				},
			],
			notFound: 0,
			notListed: [],
			upToDate: 0,
		});
	});

	it("an owned version in the listing gives its name and base model; a newest without a base model is no change", () => {
		const listed: ListedModel[] = [{ id: 1, versions: [{ id: 11, name: "v1", baseModel: "Pony" }, { id: 12 }] }];
		const [o] = findOutdated(BASE, [owned(1, 11)], listed).outdated;
		assert.deepEqual([o?.name, o?.have, o?.baseModelChanged], ["model 1", { id: 11, name: "v1", baseModel: "Pony" }, false]);
	});

	it("counts: one outdated, two up to date, three not found", () => {
		const listed: ListedModel[] = [
			{ id: 1, versions: [{ id: 12 }] },
			{ id: 2, versions: [{ id: 20 }] },
			{ id: 3, versions: [{ id: 30 }, { id: 29 }] },
		];
		const r = findOutdated(BASE, [owned(1, 11), owned(2, 20), owned(3, 30), owned(4, 1), owned(5, 1), owned(6, 1)], listed);
		assert.deepEqual([r.outdated.length, r.upToDate, r.notFound], [1, 2, 3]);
	});

	it("a model whose every version is gated or ignored is up to date", () => {
		const listed: ListedModel[] = [{ id: 1, versions: [{ id: 13, gatedUntil: "" }, { id: 12 }] }];
		assert.deepEqual(findOutdated(BASE, [owned(1, 11)], listed, [12], 0), { outdated: [], notFound: 0, notListed: [], upToDate: 1 });
	});

	it("gated until exactly now is no longer gated", () => {
		const t = Date.parse("2026-12-01T00:00:00Z");
		assert.equal(gated({ gatedUntil: "2026-12-01T00:00:00Z" }, t), false);
		assert.equal(gated({ gatedUntil: "2026-12-01T00:00:00Z" }, t - 1), true);
		assert.equal(gated({ gatedUntil: "not a date" }, t), true);
	});

	it("of two versions with the same highest id, the first listed is the newest", () => {
		assert.equal(newestVersion([{ id: 9, name: "first" }, { id: 9, name: "second" }, { id: 3 }])?.name, "first");
		assert.equal(newestVersion([{ id: 9 }, { id: 7 }], [9])?.id, 7);
	});

	it("ids are read trimmed, positive and whole; anything else is a row without ids", () => {
		const plan = planCheck([row(" 7 ", " 70 "), row("0", "5"), row("8", "0"), row("-1", "5"), row("1.5", "5"), row("9", "9x")], [BASE]);
		assert.deepEqual(
			plan.byOrigin.get(BASE)!.map((o) => [o.modelId, o.newestVersionId]),
			[[7, 70]],
		);
		assert.equal(plan.withoutModelId, 5);
	});

	it("the same version twice: the later row is the one kept", () => {
		const plan = planCheck([row("1", "10", `${BASE}/a`), row("1", "10", `${BASE}/b`), row("1", "9", `${BASE}/c`)], [BASE]);
		assert.deepEqual(
			plan.byOrigin.get(BASE)!.map((o) => o.row.url),
			[`${BASE}/b`],
		);
	});

	it("every origin has its list, empty or not; ignored models are counted once each", () => {
		const plan = planCheck([row("1", "10"), row("2", "20"), row("2", "21"), row("3", "30")], [BASE, RED], [2, 3, 4]);
		assert.deepEqual([...plan.byOrigin.keys()], [BASE, RED]);
		assert.deepEqual(plan.byOrigin.get(RED), []);
		assert.equal(plan.ignored, 2);
		assert.equal(plan.withoutModelId, 0);
	});

	for (const [url, origins, want] of [
		["https://civitai.com/models/1", [RED, "https://www.civitai.com"], "https://www.civitai.com"],
		// www. only as the first label, on either side
		["https://civwww.itai.red/models/1", [BASE, RED], BASE],
		["https://civitai.red/models/1", [BASE, "https://civwww.itai.red"], BASE],
		["https://www.civitai.red/models/1", [BASE, RED], RED],
		["http://127.0.0.1:9001/x", ["http://127.0.0.1:9000", "http://127.0.0.1:9001"], "http://127.0.0.1:9001"],
		["https://wwwxcivitai.red/models/1", [BASE, RED], BASE],
	] as const) {
		it(`${url} belongs to ${want} of ${origins.join(" ")}`, () => assert.equal(originOfUrl(url, origins), want));
	}

	it("the update plan: sizes add up over what is taken, the unknown ones counted", () => {
		const o = (id: number, changed: boolean, sizeBytes?: number) => ({
			modelId: id,
			name: `M${id}`,
			origin: BASE,
			have: { id: 1, name: null, baseModel: null },
			newest: { id: id * 10, ...(sizeBytes !== undefined ? { sizeBytes } : {}) },
			newestSameBase: changed ? null : { id: id * 10, ...(sizeBytes !== undefined ? { sizeBytes } : {}) },
			baseModelChanged: changed,
			row: row(String(id), "1"),
		});
		const p = planUpdate([o(1, false, 100), o(2, false), o(3, false, 7), o(4, true), o(5, false), o(6, false, 1)], false);
		assert.deepEqual({ ...p, take: p.take.map((x) => x.modelId) }, { take: [1, 2, 3, 5, 6], otherBase: 1, sizeBytes: 108, unknownSize: 2 });
	});
});
