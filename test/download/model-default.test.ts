import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FakeModel } from "../../fake-civitai/catalogue.js";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, tempDir, writeConfig } from "../helpers.js";
import { cli } from "../updates/fixtures.js";

const KiB = 1024;
/** Model 40: v3 paid for good, v2 in early access until 2099, v1 public (newest first, as the API lists them). */
const gatedModel: FakeModel = {
	id: 40,
	name: "Gated",
	type: "LORA",
	versions: [
		{
			id: 403,
			name: "v3",
			paidAccess: { permanent: true, endsAt: null },
			files: [{ id: 4030, name: "g3.safetensors", sizeBytes: 10 * KiB, primary: true }],
		},
		{
			id: 402,
			name: "v2",
			earlyAccessDeadline: "2099-01-01T00:00:00.000Z",
			files: [{ id: 4020, name: "g2.safetensors", sizeBytes: 10 * KiB, primary: true }],
		},
		{ id: 401, name: "v1", files: [{ id: 4010, name: "g1.safetensors", sizeBytes: 10 * KiB, primary: true }] },
	],
};
const openModel: FakeModel = {
	id: 50,
	name: "Open",
	type: "LORA",
	versions: [{ id: 501, name: "v1", files: [{ id: 5010, name: "o1.safetensors", sizeBytes: 10 * KiB, primary: true }] }],
};

async function setup() {
	const server = await fakeCivitai({ catalogue: { models: [gatedModel, openModel] }, anonymousDownloads: true });
	const dir = await tempDir();
	const config = await writeConfig(dir, { base_url: server.baseUrl });
	const downloads = () => server.requests.filter((r) => r.path.startsWith("/api/download/models/")).map((r) => r.path.split("/").pop());
	return { dir, config, downloads };
}

describe("get model:ID takes the newest version the user can download (issue 27 point 11)", () => {
	it("passes over the versions in early or paid access, and says which it took and why", async () => {
		const { dir, config, downloads } = await setup();
		const r = await cli(["get", "model:40", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr + r.stdout);
		assert.deepEqual(downloads(), ["401"]);
		assert.match(
			r.stdout,
			/\[1\] Gated: taking v1 \(#401\), the newest version you can download; newer, not taken: v3 \(#403\), paid; v2 \(#402\), early access until 2099-01-01 \(give version:<id> to use access you have\)/,
		);
		const rows = (await readCsv(`${dir}/download_history.csv`)).rows.map((x) => x.cells.version_id);
		assert.deepEqual(rows, ["401"]);
	});

	it("--json gives the choice as a version_pick event", async () => {
		const { dir, config } = await setup();
		const r = await cli(["get", "model:40", "--json", "--dry-run", "--config", config], dir);
		const pick = r.stdout
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as { type: string })
			.find((e) => e.type === "version_pick") as unknown as { versionId: number; passedOver: { id: number; permanent: boolean }[] };
		assert.equal(pick.versionId, 401);
		assert.deepEqual(
			pick.passedOver.map((v) => [v.id, v.permanent]),
			[
				[403, true],
				[402, false],
			],
		);
	});

	it("a version named outright is taken as it is, gated or not", async () => {
		const { dir, config } = await setup();
		const r = await cli(["get", "version:402", "--dry-run", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /g2\.safetensors/);
		assert.doesNotMatch(r.stdout, /taking/);
	});
});

describe("targets that resolve to one file are planned and downloaded once", () => {
	it("get version:501 model:50: one download, the second said to be the same file", async () => {
		const { dir, config, downloads } = await setup();
		const r = await cli(["get", "version:501", "model:50", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr + r.stdout);
		assert.deepEqual(downloads(), ["501"]);
		assert.match(r.stdout, /\[2\] o1\.safetensors is the same file as \[1\]: it is downloaded once/);
		assert.deepEqual((await readCsv(`${dir}/download_history.csv`)).rows.length, 1);
	});

	it("--dry-run plans it once", async () => {
		const { dir, config } = await setup();
		const r = await cli(["get", "version:501", "model:50", "--dry-run", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(r.stdout.match(/o1\.safetensors/g)?.length, 2, r.stdout);
		assert.match(r.stdout, /\[2\] o1\.safetensors is the same file as \[1\]/);
		assert.match(r.stdout, /1 to download/);
	});
});
