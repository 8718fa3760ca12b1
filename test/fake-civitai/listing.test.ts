import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fakeCivitai, KEY } from "../helpers.js";
import { sourcesCatalogue } from "../sources/fixtures.js";

/** The local Civitai's listings answer as civitai/civitai src/pages/api/v1/models/index.ts and images/index.ts do. */
async function get(base: string, path: string, key?: string) {
	const res = await fetch(`${base}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});
	return {
		status: res.status,
		headers: res.headers,
		body: (await res.json()) as { error?: unknown; items?: Record<string, unknown>[]; metadata?: Record<string, unknown> },
	};
}

describe("the local Civitai: GET /api/v1/models listings", () => {
	it("page*limit > 1000 is a 429 without Retry-After; query with page a 400", async () => {
		const s = await fakeCivitai({ catalogue: sourcesCatalogue() });
		const deep = await get(s.baseUrl, "/api/v1/models?username=alice&limit=100&page=11");
		assert.deepEqual(
			[deep.status, deep.headers.get("retry-after"), deep.body.error],
			[429, null, "You've requested too many pages, please use cursors instead"],
		);
		const ok = await get(s.baseUrl, "/api/v1/models?username=alice&limit=100&page=10");
		assert.deepEqual([ok.status, ok.body.metadata?.currentPage, ok.body.metadata?.pageSize], [200, 10, 100]);
		const mixed = await get(s.baseUrl, "/api/v1/models?query=pixel&page=1");
		assert.deepEqual([mixed.status, mixed.body.error], [400, "Cannot use page param with query search. Use cursor-based pagination."]);
	});
	it("cursors walk a listing to its end; the last page has no cursor", async () => {
		const s = await fakeCivitai({ catalogue: sourcesCatalogue() });
		const seen: number[] = [];
		let path = "/api/v1/models?username=alice&limit=100";
		for (let n = 0; n < 5; n++) {
			const page = await get(s.baseUrl, path);
			seen.push(...page.body.items!.map((m) => m.id as number));
			const cursor = page.body.metadata?.nextCursor;
			if (cursor === undefined) break;
			assert.match(String(page.body.metadata?.nextPage), new RegExp(`cursor=${encodeURIComponent(String(cursor))}`));
			path = `/api/v1/models?username=alice&limit=100&cursor=${encodeURIComponent(String(cursor))}`;
		}
		assert.equal(seen.length, 250);
		assert.equal(new Set(seen).size, 250);
	});
	it("favorites (and hidden) need a user: 401 without a valid key, whatever the value", async () => {
		const s = await fakeCivitai({ catalogue: sourcesCatalogue() });
		assert.deepEqual((await get(s.baseUrl, "/api/v1/models?favorites=false")).body, { error: "Unauthorized" });
		assert.equal((await get(s.baseUrl, "/api/v1/models?hidden=true", "wrong")).status, 401);
		const mine = await get(s.baseUrl, "/api/v1/models?favorites=true", KEY);
		assert.deepEqual(
			mine.body.items!.map((m) => m.id),
			[6001, 6003],
		);
	});
	it("types and baseModels, single or repeated; an unknown type is a zod 400", async () => {
		const s = await fakeCivitai({ catalogue: sourcesCatalogue() });
		const two = await get(s.baseUrl, "/api/v1/models?username=bob&types=Checkpoint&types=LORA");
		assert.deepEqual(
			two.body.items!.map((m) => m.id),
			[6001, 6002],
		);
		assert.equal((await get(s.baseUrl, "/api/v1/models?username=pixie&baseModels=Pony&limit=100")).body.items!.length, 43);
		const bad = await get(s.baseUrl, "/api/v1/models?types=Lora");
		assert.equal(bad.status, 400);
		assert.equal((bad.body.error as { name: string }).name, "ZodError");
	});
	it("a search brown-out: 503 with Retry-After: 2 and Cache-Control: no-store", async () => {
		const s = await fakeCivitai({ catalogue: sourcesCatalogue(), searchOverloads: 1 });
		const r = await get(s.baseUrl, "/api/v1/models?query=pixel");
		assert.deepEqual(
			[r.status, r.headers.get("retry-after"), r.headers.get("cache-control"), r.body.error],
			[503, "2", "no-store", "Model search is temporarily overloaded — please retry."],
		);
		assert.equal((await get(s.baseUrl, "/api/v1/models?query=pixel")).status, 200);
	});
});

describe("the local Civitai: GET /api/v1/images", () => {
	it("withMeta is false by default; an imageId lookup nests meta as {id, meta} unless flatMeta", async () => {
		const s = await fakeCivitai({ catalogue: sourcesCatalogue() });
		assert.equal((await get(s.baseUrl, "/api/v1/images?imageId=77")).body.items![0]!.meta, null);
		const nested = (await get(s.baseUrl, "/api/v1/images?imageId=77&withMeta=true")).body.items![0]!;
		assert.equal((nested.meta as { id: number }).id, 77);
		assert.deepEqual(nested.modelVersionIds, [93000, 92000, 91000, 999999]);
		const flat = (await get(s.baseUrl, "/api/v1/images?imageId=77&withMeta=true&flatMeta=true")).body.items![0]!;
		assert.equal((flat.meta as { prompt: string }).prompt, "a cat");
	});
	it("ids= is a subset (unknown ids absent); a busy pod is 503 with Retry-After: 2", async () => {
		const s = await fakeCivitai({ catalogue: sourcesCatalogue(), imagesBusy: 1 });
		const busy = await get(s.baseUrl, "/api/v1/images?ids=77,4");
		assert.deepEqual([busy.status, busy.headers.get("retry-after"), busy.body.error], [503, "2", "Server busy, please retry shortly."]);
		assert.deepEqual(
			(await get(s.baseUrl, "/api/v1/images?ids=4,77")).body.items!.map((i) => i.id),
			[77],
		);
	});
});
