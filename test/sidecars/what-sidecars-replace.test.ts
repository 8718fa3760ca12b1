import assert from "node:assert/strict";
import { link, lstat, mkdir, readFile, readlink, rm, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Agent } from "undici";
import { readBytes } from "../../fake-civitai/bytes.js";
import type { FakeModel } from "../../fake-civitai/catalogue.js";
import { WireVersionSchema } from "../../src/civitai/wire-types.js";
import { download } from "../../src/engine.js";
import { systemClock } from "../../src/platform/clock.js";
import { DEFAULT_SIDECARS } from "../../src/sidecars/settings.js";
import { writeSidecars } from "../../src/sidecars/write.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY } from "../helpers.js";
import { pictured } from "./pictured.js";

const KiB = 1024;

/** Model files named like another model's sidecar, and like their own. */
const SIDECAR_NAMED: FakeModel[] = [
	{
		id: 1500,
		name: "Named like a sidecar",
		type: "LORA",
		versions: [{ id: 15000, name: "v1", files: [{ id: 150000, name: "e.civitai.info", sizeBytes: 10 * KiB, primary: true }] }],
	},
	{
		id: 1501,
		name: "E",
		type: "LORA",
		versions: [{ id: 15010, name: "v1", files: [{ id: 150100, name: "e.safetensors", sizeBytes: 11 * KiB, primary: true }] }],
	},
	{
		id: 1502,
		name: "Named like its own .json",
		type: "LORA",
		versions: [{ id: 15020, name: "v1", files: [{ id: 150200, name: "d.json", sizeBytes: 12 * KiB, primary: true }] }],
	},
	// two models whose files differ only in their extension: their sidecars would share one name
	...[
		[1503, "shared.safetensors"],
		[1504, "shared.pt"],
		[1505, "mine.safetensors"],
	].map(
		([id, name]): FakeModel => ({
			id: Number(id),
			name: `Shared ${id}`,
			type: "LORA",
			versions: [
				{
					id: Number(id) * 10,
					name: "v1",
					trainedWords: [`words of ${id}`],
					files: [{ id: Number(id) * 100, name: String(name), sizeBytes: 10 * KiB, primary: true }],
				},
			],
		}),
	),
];

async function setup() {
	const catalogue = pictured();
	catalogue.models.push(...SIDECAR_NAMED);
	const server = await fakeCivitai({ catalogue });
	const h = await inProcess(server.baseUrl, { settings: { apiKey: KEY, sleepMs: 0, sidecars: { ...DEFAULT_SIDECARS } } });
	const lora = join(h.dir, "lora");
	await mkdir(lora, { recursive: true });
	const warnings = () => h.events.flatMap((e) => (e.type === "warning" ? [e.message] : []));
	return { ...h, server, lora, warnings };
}

describe("a sidecar never follows a symlink", { skip: process.platform === "win32" }, () => {
	it("a .civitai.info that links to another file: that file is untouched, a warning, the model and the other sidecars fine", async () => {
		const { dir, lora, engine, warnings } = await setup();
		const victim = join(dir, "bashrc");
		await writeFile(victim, "export PATH=...\n");
		await symlink(victim, join(lora, "pictured.civitai.info"));
		const summary = await download(["version:9500"], engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.equal(await readFile(victim, "utf8"), "export PATH=...\n");
		assert.equal(await readlink(join(lora, "pictured.civitai.info")), victim, "the link itself is left as it is");
		assert.deepEqual(warnings(), [
			`Not writing the sidecar file ${join(lora, "pictured.civitai.info")}: it is a symbolic link, and civitai-dl never writes through one; the model itself is fine.`,
		]);
		JSON.parse(await readFile(join(lora, "pictured.json"), "utf8"));
		assert.ok((await lstat(join(lora, "pictured.preview.jpeg"))).isFile());
	});

	it("with --force, a .json and a preview that are links are refused too; a dangling link creates nothing where it points", async () => {
		const { dir, lora, engine, warnings } = await setup();
		const victim = join(dir, "notes.txt");
		await writeFile(victim, "mine\n");
		await symlink(victim, join(lora, "pictured.json"));
		await symlink(victim, join(lora, "pictured.preview.jpeg"));
		await symlink(join(dir, "planted"), join(lora, "pictured.civitai.info"));
		const summary = await download(["version:9500"], { ...engine, force: true });
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.equal(await readFile(victim, "utf8"), "mine\n");
		await assert.rejects(lstat(join(dir, "planted")), { code: "ENOENT" });
		assert.equal(warnings().length, 3);
		for (const w of warnings()) assert.match(w, /is a symbolic link, and civitai-dl never writes through one/);
	});
});

describe("a sidecar never replaces a model file", () => {
	it("a recorded model file named e.civitai.info is not overwritten by e.safetensors's sidecar", async () => {
		const { lora, engine, warnings } = await setup();
		assert.equal((await download(["version:15000"], engine)).succeeded, 1);
		assert.equal((await download(["version:15010"], engine)).succeeded, 1);
		assert.deepEqual(await readFile(join(lora, "e.civitai.info")), readBytes("file-150000", 0, 10 * KiB));
		assert.ok(
			warnings().some((w) => w.includes(`Not writing the sidecar file ${join(lora, "e.civitai.info")}: a model file has that name`)),
		);
	});

	it("a sidecar's name that is another name of the model file itself is not written (d.JSON and d.json on a case-insensitive disk; a hard link here)", async () => {
		const { server, lora, engine } = await setup();
		assert.equal((await download(["version:15010"], engine)).succeeded, 1);
		const model = join(lora, "e.safetensors");
		await rm(join(lora, "e.civitai.info"));
		await link(model, join(lora, "e.civitai.info"));
		const agent = new Agent();
		after(() => agent.close());
		const version = WireVersionSchema.parse(await (await fetch(`${server.baseUrl}/api/v1/model-versions/15010`)).json());
		const r = await writeSidecars(
			{ modelPath: model, version, fileId: 150100, siteOrigin: server.baseUrl },
			{ kinds: { ...DEFAULT_SIDECARS, preview: false } },
			{ http: { dispatcher: agent, userAgent: "t", clock: systemClock }, imageOrigins: [] },
		);
		assert.deepEqual(
			r.warnings.map((w) => w.key),
			["sidecarIsModel"],
		);
		assert.ok(!r.written.includes(join(lora, "e.civitai.info")));
		assert.equal((await stat(join(lora, "e.civitai.info"))).ino, (await stat(model)).ino, "the name still is the model's");
	});

	it("with --force, a model file named d.json is not replaced by its own A1111 sidecar", async () => {
		const { lora, engine, warnings } = await setup();
		assert.equal((await download(["version:15020"], { ...engine, force: true })).succeeded, 1);
		assert.deepEqual(await readFile(join(lora, "d.json")), readBytes("file-150200", 0, 12 * KiB));
		assert.ok(warnings().some((w) => w.includes(`Not writing the sidecar file ${join(lora, "d.json")}: a model file has that name`)));
		JSON.parse(await readFile(join(lora, "d.civitai.info"), "utf8"));
	});
});

describe("a sidecar never replaces another model's (red team of issue 25)", () => {
	it("shared.pt after shared.safetensors: shared.civitai.info still describes shared.safetensors, a warning says why", async () => {
		const { lora, engine, warnings } = await setup();
		assert.equal((await download(["version:15030"], engine)).succeeded, 1);
		const before = await readFile(join(lora, "shared.civitai.info"), "utf8");
		assert.equal(JSON.parse(before).modelId, 1503);
		const summary = await download(["version:15040"], engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.equal(await readFile(join(lora, "shared.civitai.info"), "utf8"), before, "the trigger words of another model");
		assert.match(warnings().join("\n"), /Not writing the sidecar files of .*shared\.pt: .*shared\.safetensors/);
	});

	it("a user's own model and its .civitai.info (not in the history): a server file of the same stem leaves them be", async () => {
		const { lora, engine, warnings } = await setup();
		await writeFile(join(lora, "mine.ckpt"), "the user's model");
		await writeFile(join(lora, "mine.civitai.info"), '{"the user\'s": true}\n');
		assert.equal((await download(["version:15050"], engine)).succeeded, 1);
		assert.equal(await readFile(join(lora, "mine.civitai.info"), "utf8"), '{"the user\'s": true}\n');
		assert.match(warnings().join("\n"), /mine\.ckpt/);
	});
});
