import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseModelTypes, parseSize } from "../../src/core/list-options.js";
import {
	cursorOf,
	cutToSize,
	defaultVersion,
	type ListFilters,
	type ListSpec,
	listQuery,
	MAX_LIST_PAGES,
	needsConfirmation,
	nextPage,
	type PagingState,
	pickVersions,
	typeWanted,
} from "../../src/core/listing.js";

describe("listQuery", () => {
	const cases: [string, ListSpec, ListFilters, string | undefined, string][] = [
		["a creator, every model", { kind: "creator", username: "alice" }, {}, undefined, "limit=100&nsfw=true&username=alice"],
		["favorites, the next page", { kind: "favorites" }, {}, "42|7", "limit=100&nsfw=true&favorites=true&cursor=42%7C7"],
		[
			"a search with every flag, types and base models repeated",
			{ kind: "search", query: "pixel art", tag: "style", sort: "Most Downloaded", period: "Month", nsfw: true },
			{ types: ["LORA", "LoCon"], baseModels: ["SDXL 1.0", "Pony"], limit: 20 },
			undefined,
			"limit=20&nsfw=true&query=pixel+art&tag=style&sort=Most+Downloaded&period=Month&types=LORA&types=LoCon&baseModels=SDXL+1.0&baseModels=Pony",
		],
		["a search without --nsfw leaves mature models out", { kind: "search", query: "x" }, { limit: 500 }, undefined, "limit=100&query=x"],
	];
	for (const [what, spec, filters, cursor, want] of cases) it(what, () => assert.equal(listQuery(spec, filters, cursor), want));
	it("never asks by page", () => assert.doesNotMatch(listQuery({ kind: "search", query: "x" }, {}, "9"), /page=/));
});

describe("paging", () => {
	const state = (): PagingState => ({ pages: 1, seen: new Set(), models: 0 });
	it("follows nextCursor, or the cursor of nextPage; a page= link or no cursor ends it", () => {
		assert.equal(cursorOf({ nextCursor: 5 }), "5");
		assert.equal(cursorOf({ nextPage: "https://civitai.com/api/v1/models?limit=100&cursor=ab%7C1" }), "ab|1");
		assert.equal(cursorOf({ nextPage: "https://civitai.com/api/v1/models?page=3" }), undefined);
		assert.deepEqual(nextPage(state(), {}), { next: "done" });
		assert.deepEqual(nextPage(state(), { nextCursor: "a" }), { next: "page", cursor: "a" });
	});
	it("stops a cursor that comes back", () => {
		const s = state();
		assert.deepEqual(nextPage(s, { nextCursor: "a" }), { next: "page", cursor: "a" });
		s.pages++;
		assert.deepEqual(nextPage(s, { nextCursor: "b" }), { next: "page", cursor: "b" });
		s.pages++;
		assert.deepEqual(nextPage(s, { nextCursor: "a" }), { next: "stop", why: "cursor_loop", pages: 3 });
	});
	it("stops a listing that never ends after MAX_LIST_PAGES pages", () => {
		const s = state();
		let step = nextPage(s, { nextCursor: "c1" });
		for (let n = 2; step.next === "page"; n++) {
			s.pages++;
			step = nextPage(s, { nextCursor: `c${n}` });
		}
		assert.deepEqual(step, { next: "stop", why: "max_pages", pages: MAX_LIST_PAGES });
	});
	it("ends once --limit models are taken", () =>
		assert.deepEqual(nextPage({ ...state(), models: 20 }, { nextCursor: "x" }, 20), { next: "done" }));
});

describe("pickVersions", () => {
	const now = Date.UTC(2026, 10, 30);
	const v = (id: number, extra: Record<string, unknown> = {}) => ({ id, baseModel: "SDXL 1.0", hasFile: true, ...extra });
	const versions = [v(3, { gatedUntil: "2099-01-01T00:00:00Z" }), v(2, { baseModel: "Pony" }), v(1), v(0, { hasFile: false })];
	const cases: [string, Parameters<typeof pickVersions>[1], number[], number][] = [
		["the newest the user can download", { nowMs: now }, [2], 0],
		["every downloadable version", { allVersions: true, nowMs: now }, [2, 1], 1],
		["for a base model", { baseModels: ["sdxl 1.0"], nowMs: now }, [1], 0],
		["an early access that has ended counts", { nowMs: Date.UTC(2099, 1, 1) }, [3], 0],
		["none open: the gated one is counted", { baseModels: ["SDXL 1.0"], allVersions: false, nowMs: now }, [1], 0],
	];
	for (const [what, opts, ids, gated] of cases) {
		it(what, () => {
			const r = pickVersions(versions, opts);
			assert.deepEqual([r.take.map((x) => x.id), r.gated], [ids, gated]);
		});
	}
	it("counts a model whose only versions are gated", () => assert.deepEqual(pickVersions([versions[0]!], { nowMs: now }).gated, 1));
});

describe("filters and cuts", () => {
	it("types: Civitai's names, any case; unknown ones named", () => {
		assert.deepEqual(parseModelTypes("lora, Checkpoint,LORA"), { types: ["LORA", "Checkpoint"] });
		assert.deepEqual(parseModelTypes("lora,loras"), { bad: "loras" });
		assert.ok(typeWanted("LoCon", ["locon"]));
		assert.ok(!typeWanted("LORA", ["Checkpoint"]));
		assert.ok(typeWanted("LORA", undefined));
	});
	const sizes: [string, number | undefined][] = [
		["20GB", 20e9],
		["1.5 GiB", 1.5 * 1024 ** 3],
		["500M", 500 * 1024 ** 2],
		["1048576", 1048576],
		["20 parsecs", undefined],
		["-1G", undefined],
	];
	for (const [text, want] of sizes) it(`size ${text}`, () => assert.equal(parseSize(text), want));
	it("--max-size keeps the longest head within the total", () => {
		assert.equal(cutToSize([10, 10, 10], 25), 2);
		assert.equal(cutToSize([10, undefined, 10], 20), 3);
		assert.equal(cutToSize([30], 25), 0);
		assert.equal(cutToSize([30], undefined), 1);
	});
	it("asks before more than 20 items or 20 GiB", () => {
		assert.ok(!needsConfirmation(20, 20 * 1024 ** 3));
		assert.ok(needsConfirmation(21, 0));
		assert.ok(needsConfirmation(1, 20 * 1024 ** 3 + 1));
	});
});

describe("defaultVersion: what get model:ID takes", () => {
	const v = (id: number, gatedUntil?: string) => ({ id, hasFile: true, ...(gatedUntil !== undefined ? { gatedUntil } : {}) });
	const NOW = Date.parse("2026-06-01T00:00:00Z");
	for (const [what, versions, pick, passed] of [
		["the newest when it is open", [v(3), v(2), v(1)], 3, []],
		["the newest open one, past an early-access one", [v(3, "2026-12-01T00:00:00Z"), v(2), v(1)], 2, [3]],
		["past a paid one (no end) and an early-access one", [v(3, ""), v(2, "2027-01-01T00:00:00Z"), v(1)], 1, [3, 2]],
		["an early access that has ended is open", [v(3, "2026-01-01T00:00:00Z"), v(2)], 3, []],
		["every version gated: the newest (its refusal says why)", [v(3, ""), v(2, "")], 3, []],
	] as const) {
		it(what, () => {
			const r = defaultVersion([...versions], NOW)!;
			assert.deepEqual([r.pick.id, r.passedOver.map((x) => x.id)], [pick, passed]);
		});
	}
	it("none for a model without versions", () => assert.equal(defaultVersion([], NOW), undefined));
});
