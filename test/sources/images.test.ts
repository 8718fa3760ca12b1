import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fakeCivitai, tempDir, writeConfig } from "../helpers.js";
import { chunk, png, tEXt } from "../image-files.js";
import { VirtualClock } from "../virtual-clock.js";
import { events, IN_LIBRARY, ON_CIVITAI, run, shaOf, sourcesCatalogue, writeFileIn, writeSourcesHistory } from "./fixtures.js";

async function setup(opts: Parameters<typeof fakeCivitai>[0] = {}) {
	const server = await fakeCivitai({ catalogue: sourcesCatalogue(), ...opts });
	const dir = await tempDir();
	const config = await writeConfig(dir, { base_url: server.baseUrl });
	await writeSourcesHistory(dir, server.baseUrl);
	const api = () => server.requests.filter((r) => r.origin === "api" && r.path.startsWith("/api/"));
	return { server, dir, config, api };
}

const autoV2 = (m: Parameters<typeof shaOf>[0]) => shaOf(m).slice(0, 10).toLowerCase();

/** What A1111 with the Civitai extension writes: three LoRAs by hash, their weights in the prompt. */
function a1111Parameters(): string {
	return [
		"a lighthouse at dusk <lora:inlib:0.8> <lora:oncivitai:0.6> <lora:mystery:1>",
		"Negative prompt: blurry",
		`Steps: 28, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 42, Size: 832x1216, Hashes: {"lora:inlib": "${autoV2(IN_LIBRARY)}", "lora:oncivitai": "${autoV2(ON_CIVITAI)}", "lora:mystery": "0123456789"}, Version: v1.10.1`,
	].join("\n");
}

const rows = (stdout: string) =>
	events(stdout)
		.filter((e) => e.type === "image_resource")
		.map((e) => [e.name, e.kind, e.weight, e.status]);

describe("get <image>: the models an image was made with", () => {
	it("an A1111 PNG with three LoRAs: one in the library, one on Civitai, one unknown", async () => {
		const { dir, config, api } = await setup();
		const file = await writeFileIn(dir, "a1111.png", png([tEXt("parameters", a1111Parameters())]));
		const r = await run(["get", file, "--dry-run", "--json", "--config", config], dir, { clock: new VirtualClock() });
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(rows(r.stdout), [
			["inlib", "lora", 0.8, "have"],
			["On Civitai (v1)", "lora", 0.6, "download"],
			["mystery", "lora", 1, "unknown"],
		]);
		// the library answered for its own LoRA; the other two hashes were asked one by one (AutoV2 is not a batch hash)
		assert.deepEqual(
			api().map((q) => `${q.method} ${q.path}`),
			[`GET /api/v1/model-versions/by-hash/${autoV2(ON_CIVITAI).toUpperCase()}`, "GET /api/v1/model-versions/by-hash/0123456789"],
		);
		const planned = events(r.stdout).filter((e) => e.type === "plan");
		assert.deepEqual(
			planned.map((e) => [e.name, e.action]),
			[["oncivitai.safetensors", "download"]],
		);
	});

	it("the table in words, and the download", async () => {
		const { dir, config } = await setup();
		const file = await writeFileIn(dir, "a1111.png", png([tEXt("parameters", a1111Parameters())]));
		const r = await run(["get", file, "--config", config], dir, { clock: new VirtualClock() });
		assert.equal(r.code, 0, r.stderr);
		const lines = r.stdout.split("\n");
		const at = lines.findIndex((l) => /^Models named by .*a1111\.png:$/.test(l));
		assert.ok(at >= 0, r.stdout);
		assert.match(lines[at + 1]!, /^ {2}name\s+type\s+weight\s+status$/);
		assert.match(lines[at + 2]!, /^ {2}inlib\s+lora\s+0\.80\s+have$/);
		assert.match(lines[at + 3]!, /^ {2}On Civitai \(v1\)\s+lora\s+0\.60\s+will download$/);
		assert.match(lines[at + 4]!, /^ {2}mystery\s+lora\s+1\.00\s+unknown$/);
		assert.match(lines[at + 5]!, /^1 in your library, 1 to download, 1 unknown\.$/);
		assert.match(r.stdout, /Summary: 1 downloaded/);
	});

	it("a ComfyUI workflow: names matched against the library, a Civitai AIR looked up, the rest unknown", async () => {
		const { dir, config, api } = await setup();
		const workflow = {
			nodes: [
				{ id: 1, type: "CheckpointLoaderSimple", mode: 0, widgets_values: ["SDXL/my_style.safetensors"] },
				{ id: 2, type: "LoraLoader", mode: 0, widgets_values: ["civitai:9200@92000.safetensors", 0.7, 0.7] },
				{ id: 3, type: "LoraLoader", mode: 0, widgets_values: ["never_published.safetensors", 1, 1] },
			],
		};
		const file = await writeFileIn(dir, "workflow.json", JSON.stringify(workflow));
		const r = await run(["get", file, "--dry-run", "--json", "--config", config], dir, { clock: new VirtualClock() });
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(rows(r.stdout), [
			["my_style.safetensors", "checkpoint", null, "have"],
			["On Civitai (v1)", "lora", 0.7, "download"],
			["never_published.safetensors", "lora", 1, "unknown"],
		]);
		assert.deepEqual(
			api().map((q) => q.path),
			["/api/v1/model-versions/92000"],
			"names are never looked up",
		);
	});

	it("a Civitai image page: its generation data, each version looked up unless the library has it", async () => {
		const { server, dir, config, api } = await setup();
		const r = await run(["get", `${server.baseUrl}/images/77`, "--dry-run", "--json", "--config", config], dir, {
			clock: new VirtualClock(),
		});
		assert.equal(r.code, 0, r.stderr);
		const first = api()[0]!;
		assert.deepEqual([first.path, first.query], ["/api/v1/images", { imageId: "77", withMeta: "true", nsfw: "X" }]);
		assert.deepEqual(
			api()
				.slice(1)
				.map((q) => q.path),
			["/api/v1/model-versions/93000", "/api/v1/model-versions/92000", "/api/v1/model-versions/999999"],
		);
		assert.deepEqual(rows(r.stdout), [
			["Base Checkpoint (v1)", "checkpoint", null, "download"],
			["On Civitai (v1)", "lora", 0.65, "download"],
			["#91000", "lora", 0.3, "have"],
			["#999999", "lora", null, "unknown"],
		]);
		assert.deepEqual(
			events(r.stdout)
				.filter((e) => e.type === "plan")
				.map((e) => e.name),
			["base.safetensors", "oncivitai.safetensors"],
			"checkpoint first",
		);
	});

	it("the image's checkpoint downloads first, alone, before its LoRA", async () => {
		const { server, dir, config } = await setup();
		const r = await run(["get", `${server.baseUrl}/images/77`, "--yes", "--json", "--concurrency", "3", "--config", config], dir, {
			clock: new VirtualClock(),
		});
		assert.equal(r.code, 0, r.stderr);
		const order = events(r.stdout)
			.filter((e) => e.type === "item_start" || e.type === "done")
			.map((e) => `${e.type} ${e.name}`);
		assert.deepEqual(order, [
			"item_start base.safetensors",
			"done base.safetensors",
			"item_start oncivitai.safetensors",
			"done oncivitai.safetensors",
		]);
	});

	it("a busy image server (503, Retry-After: 2) is waited out; an image without data names nothing", async () => {
		const { server, dir, config } = await setup({ imagesBusy: 1 });
		const clock = new VirtualClock();
		const r = await run(["get", `${server.baseUrl}/images/78`, "--dry-run", "--config", config], dir, { clock });
		assert.equal(r.code, 0, r.stderr);
		assert.ok(clock.sleeps.includes(2000), String(clock.sleeps));
		assert.match(r.stderr, /Server busy, please retry shortly.*retry 1\/3 in 2 s/);
		assert.match(r.stdout, /images\/78 names no model\.\nNothing to download\./);
	});

	it("an image only civitai.red shows is asked there once, and its models resolved there", async () => {
		const server = await fakeCivitai({ catalogue: sourcesCatalogue(), redOrigin: true });
		const dir = await tempDir();
		const config = await writeConfig(dir, { base_url: server.baseUrl, red_base_url: server.redBaseUrl });
		const r = await run(["get", `${server.baseUrl}/images/79`, "--dry-run", "--json", "--config", config], dir, {
			clock: new VirtualClock(),
		});
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(
			server.requests.filter((q) => q.path.startsWith("/api/")).map((q) => `${q.origin} ${q.path}`),
			["api /api/v1/images", "red /api/v1/images", "red /api/v1/model-versions/70020"],
		);
		assert.deepEqual(rows(r.stdout), [["Carol Night (v1)", "lora", 0.9, "download"]]);
	});

	it("an image Civitai does not show fails with Civitai's words (exit 1)", async () => {
		const { server, dir, config } = await setup();
		const r = await run(["get", `${server.baseUrl}/images/5`, "--config", config], dir, { clock: new VirtualClock() });
		assert.equal(r.code, 1);
		assert.match(r.stderr, /has no image 5 that civitai-dl may see/);
	});
});

describe("a hostile image is refused with one sentence (exit 2), before any request", () => {
	const hostile: [string, Buffer, RegExp][] = [
		[
			"a chunk claiming 2 GiB",
			png([chunk("tEXt", Buffer.from("parameters\0x"), { length: 0x7fffffff })]),
			/tEXt chunk claims 2147483647 bytes/,
		],
		["a bad CRC", png([chunk("tEXt", Buffer.from("parameters\0Steps: 1"), { crc: 0xdeadbeef })]), /fails its CRC check/],
		["deep JSON", png([tEXt("prompt", "[".repeat(5000))]), /nested more than 64 levels deep/],
		["escape codes in a name", png([tEXt("parameters", "<lora:\x1b]0;pwned\x07evil:1>\nSteps: 1")]), /^$/],
	];
	for (const [what, bytes, why] of hostile) {
		it(what, async () => {
			const { dir, config, api } = await setup();
			const file = await writeFileIn(dir, "evil.png", bytes);
			const r = await run(["get", file, "--dry-run", "--config", config], dir, { clock: new VirtualClock() });
			if (what.startsWith("escape")) {
				assert.equal(r.code, 0, r.stderr);
				assert.doesNotMatch(r.stdout, /\x1b|\x07/);
				assert.match(r.stdout, /^ {2}evil\s+lora\s+1\.00\s+unknown$/m, "the escape sequence is removed whole");
				return;
			}
			assert.equal(r.code, 2);
			assert.match(r.stderr, why);
			assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
			assert.equal(api().length, 0);
		});
	}
});
