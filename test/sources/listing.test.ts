import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_LIST_PAGES } from "../../src/core/listing.js";
import { fakeCivitai, KEY, tempDir, writeConfig } from "../helpers.js";
import { VirtualClock } from "../virtual-clock.js";
import { ALICE, events, run, sourcesCatalogue, writeSourcesHistory } from "./fixtures.js";

async function setup(opts: Parameters<typeof fakeCivitai>[0] = {}) {
	const server = await fakeCivitai({ catalogue: sourcesCatalogue(), ...opts });
	const dir = await tempDir();
	const config = await writeConfig(dir, { base_url: server.baseUrl });
	await writeSourcesHistory(dir, server.baseUrl);
	const asked = (path: string) => server.requests.filter((r) => r.path.startsWith(path));
	return { server, dir, config, asked };
}

const plans = (stdout: string) => events(stdout).filter((e) => e.type === "plan");

describe("get user:NAME (a creator's models)", () => {
	it("250 models take 3 list requests, no metadata request per model, and what the library has is left out", async () => {
		const { dir, config, asked } = await setup();
		const clock = new VirtualClock();
		const r = await run(["get", "user:alice", "--dry-run", "--json", "--config", config], dir, { clock });
		assert.equal(r.code, 0, r.stderr);
		const lists = asked("/api/v1/models");
		assert.equal(lists.length, 3);
		assert.deepEqual(
			lists.map((q) => [q.query.username, q.query.limit, q.query.nsfw, q.query.cursor !== undefined]),
			[
				["alice", "100", "true", false],
				["alice", "100", "true", true],
				["alice", "100", "true", true],
			],
		);
		assert.equal(asked("/api/v1/model-versions").length, 0, "no request per model or version");
		assert.equal(asked("/api/download").length, 0);
		const listed = events(r.stdout).find((e) => e.type === "source_listed")!;
		// model 1's file is in the history; model 7's newest is in early access, so its v1 is taken
		assert.deepEqual([listed.models, listed.have, listed.take, listed.gated], [ALICE, 1, ALICE - 1, 0]);
		const planned = plans(r.stdout);
		assert.equal(planned.length, ALICE - 1);
		assert.ok(planned.some((p) => p.name === "alice-7-v50071.safetensors"));
		assert.ok(!planned.some((p) => String(p.name).startsWith("alice-1-")));
		// the pause between list requests, on the clock
		assert.deepEqual(
			clock.sleeps.filter((s) => s === 1000),
			[1000, 1000],
		);
	});

	it("the creator's page works as user:NAME; more than 20 items without a terminal needs --yes", async () => {
		const { dir, config } = await setup();
		const r = await run(["get", "https://civitai.com/user/alice/models", "--config", config], dir, { clock: new VirtualClock() });
		assert.equal(r.code, 2);
		assert.match(r.stderr, /get would download 249 items \(.*\); there is no terminal to confirm on, so pass --yes/);
		assert.match(r.stdout, /alice\/models: 250 models listed \(3 requests\); 249 to download \(.*\), 1 already in your library\./);
	});

	it("--limit, --max-size and --all-versions cut and widen the list; --yes downloads it", async () => {
		const { dir, config, asked } = await setup();
		const clock = new VirtualClock();
		const dry = await run(["get", "user:alice", "--limit", "10", "--all-versions", "--dry-run", "--json", "--config", config], dir, {
			clock,
		});
		assert.equal(dry.code, 0, dry.stderr);
		assert.equal(asked("/api/v1/models")[0]!.query.limit, "10");
		// models 1-10, every version: 5, 7 and 10 have two (7's newer one is gated); 1's only one is in the library
		assert.deepEqual(
			plans(dry.stdout).map((p) => p.name),
			[
				"alice-2-v50022",
				"alice-3-v50032",
				"alice-4-v50042",
				"alice-5-v50052",
				"alice-5-v50051",
				"alice-6-v50062",
				"alice-7-v50071",
				"alice-8-v50082",
				"alice-9-v50092",
				"alice-10-v50102",
				"alice-10-v50101",
			].map((n) => `${n}.safetensors`),
		);
		const cut = await run(["get", "user:alice", "--limit", "10", "--max-size", "3KiB", "--yes", "--config", config], dir, { clock });
		assert.equal(cut.code, 0, cut.stderr);
		assert.match(cut.stderr, /--max-size 3.0 KiB: 7 items are left out/);
		assert.match(cut.stdout, /succeeded: 2/);
	});

	it("--types and --base-models go to Civitai and are checked again", async () => {
		const { dir, config, asked } = await setup();
		const r = await run(
			["get", "user:bob", "--types", "checkpoint,textualinversion", "--base-models", "SDXL 1.0", "--dry-run", "--json", "--config", config],
			dir,
			{
				clock: new VirtualClock(),
			},
		);
		assert.equal(r.code, 0, r.stderr);
		const q = asked("/api/v1/models")[0]!;
		assert.deepEqual([q.query.types, q.query.baseModels], ["TextualInversion", "SDXL 1.0"], "repeated params (the log keeps the last)");
		// bob's v2s are Pony: the SDXL v1 of the checkpoint and the embedding, checkpoint first
		assert.deepEqual(
			plans(r.stdout).map((p) => p.name),
			["bob-1-v1.safetensors", "bob-3-v1.safetensors"],
		);
	});
});

describe("a listing that never ends, a cursor that loops", () => {
	it("stops after MAX_LIST_PAGES pages and says so", async () => {
		const { dir, config, asked } = await setup({ listingAttack: "endless" });
		const r = await run(["get", "user:bob", "--dry-run", "--config", config], dir, { clock: new VirtualClock() });
		assert.equal(r.code, 0, r.stderr);
		assert.equal(asked("/api/v1/models").length, MAX_LIST_PAGES);
		assert.match(r.stderr, /user:bob: stopped after 100 pages \(Civitai kept giving more\)/);
		assert.match(r.stdout, /user:bob: 3 models listed/, "the models it repeats are listed once");
	});
	it("stops when a cursor comes back", async () => {
		const { dir, config, asked } = await setup({ listingAttack: "cursor_loop" });
		const r = await run(["get", "user:bob", "--dry-run", "--config", config], dir, { clock: new VirtualClock() });
		assert.equal(r.code, 0, r.stderr);
		assert.equal(asked("/api/v1/models").length, 3);
		assert.match(r.stderr, /gave a page cursor it had given before \(the listing loops\); stopped after 3 pages/);
	});
});

describe("favorites:", () => {
	it("needs a key: without one it says so before asking anything", async () => {
		const { dir, config, asked } = await setup();
		const r = await run(["get", "favorites:", "--dry-run", "--config", config], dir, { key: false, clock: new VirtualClock() });
		assert.equal(r.code, 2);
		assert.match(r.stderr, /favorites: lists your own favorites, so it needs your API key/);
		assert.equal(asked("/api/v1/models").length, 0);
	});
	it("a refused key: Civitai's 401, said as such", async () => {
		const { dir, config } = await setup();
		const r = await run(["get", "favorites:", "--dry-run", "--config", config], dir, { key: "f".repeat(32), clock: new VirtualClock() });
		assert.equal(r.code, 1);
		assert.match(r.stderr, /Civitai did not give your favorites: .*401.*Unauthorized/);
	});
	it("with the key: the favorites, mature ones included", async () => {
		const { dir, config, asked } = await setup();
		const r = await run(["get", "favorites:", "--dry-run", "--json", "--config", config], dir, { key: KEY, clock: new VirtualClock() });
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(asked("/api/v1/models")[0]!.query, { limit: "100", nsfw: "true", favorites: "true" });
		assert.ok(asked("/api/v1/models")[0]!.authorization);
		assert.deepEqual(
			plans(r.stdout).map((p) => p.name),
			["bob-1-v2.safetensors", "bob-3-v2.safetensors"],
		);
	});
});

describe("--all-versions of a model", () => {
	it("lists the model's versions in one request and downloads them", async () => {
		const { dir, config, asked } = await setup();
		const r = await run(["get", "model:6002", "model:6001", "--all-versions", "--yes", "--config", config], dir, {
			clock: new VirtualClock(),
		});
		assert.equal(r.code, 0, r.stderr);
		const lists = asked("/api/v1/models");
		assert.equal(lists.length, 1);
		assert.equal(lists[0]!.query.ids, "6002,6001");
		assert.equal(asked("/api/v1/model-versions").length, 0);
		assert.match(r.stdout, /succeeded: 4/);
		// the checkpoint first
		assert.ok(r.stdout.indexOf("bob-1-v2") < r.stdout.indexOf("bob-2-v2"), r.stdout);
	});
});

describe("civitai.red", () => {
	async function redSetup() {
		const server = await fakeCivitai({ catalogue: sourcesCatalogue(), redOrigin: true });
		const dir = await tempDir();
		const config = await writeConfig(dir, { base_url: server.baseUrl, red_base_url: server.redBaseUrl });
		const lists = () => server.requests.filter((r) => r.path === "/api/v1/models").map((r) => `${r.origin} ${r.query.username}`);
		return { server, dir, config, lists };
	}
	it("a creator's listing is asked on civitai.red too, for the models only it serves", async () => {
		const { dir, config, lists } = await redSetup();
		const r = await run(["get", "user:carol", "--yes", "--json", "--config", config], dir, { clock: new VirtualClock() });
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(lists(), ["api carol", "red carol"]);
		const done = events(r.stdout).filter((e) => e.type === "item_start");
		assert.deepEqual(
			done.map((e) => [e.name, new URL(String(e.url)).port === new URL(String(done[0]!.url)).port]),
			[
				["carol-day.safetensors", true],
				["carol-night.safetensors", false],
			],
		);
	});
	it("civitai.red unreachable: what civitai.com listed is used, and the run says what is missing", async () => {
		const server = await fakeCivitai({ catalogue: sourcesCatalogue() });
		const dir = await tempDir();
		const config = await writeConfig(dir, { base_url: server.baseUrl, red_base_url: "http://127.0.0.1:9" }); // nothing listens on the discard port
		const r = await run(["get", "user:carol", "--dry-run", "--json", "--config", config], dir, { clock: new VirtualClock() });
		assert.equal(r.code, 0, r.stderr);
		const warning = events(r.stdout).find((e) => e.type === "warning" && /could not list on/.test(String(e.message)));
		assert.match(
			String(warning?.message),
			/user:carol: could not list on http:\/\/127\.0\.0\.1:9 \(Cannot reach .*\); the models only it serves are left out this time\./,
		);
		assert.deepEqual(
			plans(r.stdout).map((p) => p.name),
			["carol-day.safetensors"],
		);
	});
	it("a search without --nsfw asks civitai.com only", async () => {
		const { dir, config, lists } = await redSetup();
		const r = await run(["search", "carol", "--json", "--config", config], dir, { clock: new VirtualClock() });
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(lists(), ["api undefined"]);
	});
});
