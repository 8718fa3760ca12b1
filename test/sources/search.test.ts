import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fakeCivitai, tempDir, writeConfig } from "../helpers.js";
import { VirtualClock } from "../virtual-clock.js";
import { events, run, sourcesCatalogue, writeSourcesHistory } from "./fixtures.js";

async function setup(opts: Parameters<typeof fakeCivitai>[0] = {}) {
	const server = await fakeCivitai({ catalogue: sourcesCatalogue(), ...opts });
	const dir = await tempDir();
	const config = await writeConfig(dir, { base_url: server.baseUrl });
	await writeSourcesHistory(dir, server.baseUrl);
	const lists = () => server.requests.filter((r) => r.path === "/api/v1/models");
	return { server, dir, config, lists };
}

describe("civitai-dl search", () => {
	it("pages by cursor, never by page, and prints NDJSON results with their newest version", async () => {
		const { dir, config, lists } = await setup();
		const r = await run(["search", "pixel", "--limit", "130", "--json", "--config", config], dir, { clock: new VirtualClock() });
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(
			lists().map((q) => [q.query.query, q.query.limit, q.query.cursor, q.query.page, q.query.nsfw]),
			[
				["pixel", "100", undefined, undefined, undefined],
				["pixel", "100", "100", undefined, undefined],
			],
		);
		const found = events(r.stdout).filter((e) => e.type === "search_result");
		assert.equal(found.length, 130);
		assert.deepEqual(found[0], {
			type: "search_result",
			modelId: 8001,
			name: "Pixel Art 1",
			modelType: "Checkpoint",
			versionId: 80010,
			version: "v1",
			baseModel: "SDXL 1.0",
			sizeBytes: 2048,
			downloadable: true,
			time: found[0]!.time,
		});
		assert.deepEqual(events(r.stdout).at(-1)!.type, "search_summary");
	});

	it("a table by default: 20 results, with its flags sent as Civitai names them", async () => {
		const { dir, config, lists } = await setup();
		const r = await run(
			["search", "pixel", "art", "--types", "lora", "--sort", "newest", "--period", "month", "--nsfw", "--config", config],
			dir,
			{
				clock: new VirtualClock(),
			},
		);
		assert.equal(r.code, 0, r.stderr);
		const q = lists()[0]!.query;
		assert.deepEqual([q.query, q.types, q.sort, q.period, q.nsfw, q.limit], ["pixel art", "LORA", "Newest", "Month", "true", "20"]);
		const lines = r.stdout.trim().split("\n");
		assert.match(lines[0]!, /^name\s+type\s+base model\s+newest version\s+size\s+id$/);
		assert.match(lines[1]!, /^Pixel Art 130\s+LORA\s+SDXL 1\.0\s+v1\s+2\.0 KiB\s+model:8130$/);
		assert.equal(lines.length, 22);
		assert.match(lines.at(-1)!, /^20 models found \(1 request\)\.$/);
	});

	it("the search brown-out (503, Retry-After: 2) is waited out on the retry ladder", async () => {
		const { dir, config, lists } = await setup({ searchOverloads: 1 });
		const clock = new VirtualClock();
		const r = await run(["search", "pixel", "--json", "--config", config], dir, { clock });
		assert.equal(r.code, 0, r.stderr);
		assert.equal(lists().length, 2);
		assert.ok(clock.sleeps.includes(2000), `the Retry-After, longer than the 0.2 s rung: ${clock.sleeps}`);
		const warning = events(r.stdout).find((e) => e.type === "warning")!;
		assert.match(String(warning.message), /temporarily overloaded.*retry 1\/3 in 2 s/);
	});

	it("`search --json | get -` downloads what was found, without asking Civitai about the models again", async () => {
		const { server, dir, config } = await setup();
		const found = await run(["search", "pixel", "--types", "LORA", "--limit", "3", "--json", "--config", config], dir, {
			clock: new VirtualClock(),
		});
		assert.equal(found.code, 0, found.stderr);
		const r = await run(["get", "-", "--dry-run", "--json", "--config", config], dir, { clock: new VirtualClock(), stdin: found.stdout });
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(
			events(r.stdout)
				.filter((e) => e.type === "plan")
				.map((e) => e.name),
			["pixel-2.safetensors", "pixel-4.safetensors", "pixel-6.safetensors"],
		);
		// the three versions in one list (by version id), not one answer each
		assert.equal(server.requests.filter((q) => q.path.startsWith("/api/v1/model-versions/")).length, 0);
		assert.deepEqual(
			server.requests.filter((q) => q.query.modelVersionIds !== undefined).map((q) => q.query.modelVersionIds!.split(",").length),
			[3],
		);
	});

	it("--get downloads the results with get's options", async () => {
		const { dir, config } = await setup();
		const r = await run(["search", "pixel", "--types", "LORA", "--limit", "2", "--get", "--config", config], dir, {
			clock: new VirtualClock(),
		});
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /search "pixel": 2 models listed \(1 request\); 2 to download/);
		assert.match(r.stdout, /succeeded: 2/);
	});

	it("refuses an unknown type, sort or size with the accepted ones", async () => {
		const dir = await tempDir();
		const bad = [
			[["search", "x", "--types", "loras"], /--types takes Civitai's model types .*LORA.*not "loras"/],
			[["search", "x", "--sort", "best"], /--sort takes one of Highest Rated, .*Oldest, not "best"/],
			[["get", "user:a", "--max-size", "lots"], /--max-size takes a size such as 20GB/],
		] as const;
		for (const [args, why] of bad) {
			const r = await run([...args], dir);
			assert.equal(r.code, 2);
			assert.match(r.stderr, why);
		}
	});
});
