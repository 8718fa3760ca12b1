import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fakeCivitai, tempDir, writeConfig } from "../helpers.js";
import { VirtualClock } from "../virtual-clock.js";
import { cli, updateCatalogue, writeUpdateHistory } from "./fixtures.js";

describe("outdated and a paid newer version", () => {
	it("a newer version behind paid access for good (the list's paidAccess) is no update; one whose paid access has ended is", async () => {
		const catalogue = updateCatalogue(10);
		catalogue.models[0]!.versions[0]!.paidAccess = { permanent: true, endsAt: null }; // model 1's v2
		catalogue.models[5]!.versions[0]!.paidAccess = { permanent: false, endsAt: "2026-01-01T00:00:00.000Z" }; // model 6's v2, ended
		const server = await fakeCivitai({ catalogue });
		const dir = await tempDir();
		const config = await writeConfig(dir, { base_url: server.baseUrl });
		await writeUpdateHistory(dir, server.baseUrl, 10);
		const r = await cli(["outdated", "--config", config], dir, new VirtualClock());
		assert.equal(r.code, 0, r.stderr);
		const listed = [...r.stdout.matchAll(/^Model (\d+):/gm)].map((m) => Number(m[1])).sort((a, b) => a - b);
		assert.deepEqual(listed, [2, 4, 6, 7, 9]);
	});
});
