import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fakeCivitai, tempDir, writeConfig } from "../helpers.js";
import { VirtualClock } from "../virtual-clock.js";
import { cli, expectedOutdated, updateCatalogue, writeUpdateHistory } from "./fixtures.js";

const COUNT = 250;

async function setup(extra: Record<string, unknown> = {}, listFaults: { kind: "rate_limit" | "unavailable" }[] = []) {
	const server = await fakeCivitai({ catalogue: updateCatalogue(COUNT), listFaults });
	const dir = await tempDir();
	const config = await writeConfig(dir, { base_url: server.baseUrl, ...extra });
	await writeUpdateHistory(dir, server.baseUrl, COUNT);
	const listRequests = () => server.requests.filter((r) => r.path === "/api/v1/models");
	return { server, dir, config, listRequests };
}

/** The model ids named in `outdated`'s lines ("Model 12: ..."). */
function listed(stdout: string): number[] {
	return [...stdout.matchAll(/^Model (\d+):/gm)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

describe("outdated", () => {
	it("asks in batches of at most 100 (3 requests for 250 models), paced, and lists exactly the models with a newer version", async () => {
		const { dir, config, listRequests } = await setup();
		const clock = new VirtualClock();
		const r = await cli(["outdated", "--config", config], dir, clock);
		assert.equal(r.code, 0, r.stderr);
		const reqs = listRequests();
		assert.equal(reqs.length, 3);
		assert.deepEqual(
			reqs.map((q) => q.query.ids!.split(",").length),
			[100, 100, 50],
		);
		assert.ok(reqs.every((q) => q.query.nsfw === "true"));
		const want = expectedOutdated(COUNT);
		assert.deepEqual(listed(r.stdout), want.all);
		// base-model changes are marked, and only those
		const changed = [...r.stdout.matchAll(/^Model (\d+):.*base model changed from SDXL 1\.0/gm)].map((m) => Number(m[1]));
		assert.deepEqual(changed, want.baseChanged);
		assert.match(r.stdout, /^Model 1: you have v1 \(#11\); newest is v2 \(#12\) \(2026-11-01, SDXL 1\.0\)$/m);
		assert.match(r.stdout, new RegExp(`${want.all.length} of 250 models have a newer version .*3 requests`));
		// the seed-era row without a model id is counted and said
		assert.match(r.stderr, /1 history row has no model or version id/);
		// a pause between requests, on the clock
		assert.deepEqual(
			clock.sleeps.filter((s) => s === 1000),
			[1000, 1000],
		);
	});

	it("--json: one event per outdated model and a summary", async () => {
		const { dir, config } = await setup();
		const r = await cli(["outdated", "--json", "--config", config], dir, new VirtualClock());
		assert.equal(r.code, 0, r.stderr);
		const events = r.stdout
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as Record<string, unknown>);
		const models = events.filter((e) => e.type === "outdated_model");
		const want = expectedOutdated(COUNT);
		assert.deepEqual(
			models.map((e) => e.modelId).sort((a, b) => Number(a) - Number(b)),
			want.all,
		);
		const m2 = models.find((e) => e.modelId === 2)!;
		assert.deepEqual(m2.newest, { id: 22, name: "v2", baseModel: "Pony", publishedAt: "2026-11-01T00:00:00.000Z" });
		assert.equal(m2.baseModelChanged, true);
		const summary = events.find((e) => e.type === "outdated_summary")!;
		assert.equal(summary.outdated, want.all.length);
		assert.equal(summary.checked, COUNT);
		assert.equal(summary.requests, 3);
		assert.equal(summary.withoutModelId, 1);
	});

	it("honours updates.ignore_models and updates.ignore_versions", async () => {
		// model 1 ignored; model 6's only newer version (62) ignored
		const { dir, config, listRequests } = await setup({ updates: { ignore_models: [1], ignore_versions: [62] } });
		const r = await cli(["outdated", "--config", config], dir, new VirtualClock());
		assert.equal(r.code, 0, r.stderr);
		const want = expectedOutdated(COUNT).all.filter((i) => i !== 1 && i !== 6);
		assert.deepEqual(listed(r.stdout), want);
		assert.ok(!listRequests().some((q) => q.query.ids!.split(",").includes("1")), "an ignored model is not even asked about");
		assert.match(r.stdout, /1 model is ignored/);
	});

	it("a newer version still in early access (or paid access) is not listed yet", async () => {
		const catalogue = updateCatalogue(COUNT);
		catalogue.models[0]!.versions[0]!.earlyAccessDeadline = "2099-01-01T00:00:00.000Z"; // model 1's v2
		const server = await fakeCivitai({ catalogue });
		const dir = await tempDir();
		const config = await writeConfig(dir, { base_url: server.baseUrl });
		await writeUpdateHistory(dir, server.baseUrl, COUNT);
		const r = await cli(["outdated", "--config", config], dir, new VirtualClock());
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(
			listed(r.stdout),
			expectedOutdated(COUNT).all.filter((i) => i !== 1),
		);
	});

	it("retries a 429 and a 503 on the ladder (on the clock), then lists as usual", async () => {
		const { dir, config, listRequests } = await setup({}, [{ kind: "rate_limit" }, { kind: "unavailable" }]);
		const clock = new VirtualClock();
		const r = await cli(["outdated", "--config", config], dir, clock);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(listRequests().length, 5);
		assert.deepEqual(listed(r.stdout), expectedOutdated(COUNT).all);
		assert.equal(clock.sleeps.filter((s) => s === 200).length, 2, "two waits of the configured 0.2 s");
		assert.match(r.stderr, /retry 1\/3/);
	});

	it("exits 1 when the lookups keep failing", async () => {
		const faults = Array.from({ length: 4 }, () => ({ kind: "unavailable" as const }));
		const { dir, config, listRequests } = await setup({}, faults);
		const r = await cli(["outdated", "--config", config], dir, new VirtualClock());
		assert.equal(r.code, 1);
		assert.equal(listRequests().length, 4);
		assert.match(r.stderr, /could not ask http:\/\/127\.0\.0\.1:\d+ for new versions/);
	});

	it("speaks Japanese", async () => {
		const { dir, config } = await setup();
		const r = await cli(["outdated", "--lang", "ja", "--config", config], dir, new VirtualClock());
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /^Model 1: 手元は v1 \(#11\)、最新は v2 \(#12\)/m);
		assert.match(r.stdout, /250件のモデルのうち150件に新しいバージョンがあります/);
		assert.match(r.stdout, /ベースモデルが SDXL 1\.0 から変わっています/);
	});
});
