import assert from "node:assert/strict";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Fault } from "../../fake-civitai/faults.js";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

/** One connection: checkpoint1 (version 1000, 512 KiB). */
const ONE = { version: 1000, file: "models/checkpoint/checkpoint1.safetensors", args: [] };
/** Four Range connections: big.safetensors (version 12000, 16 MiB, four 4 MiB segments). */
const FOUR = { version: 12000, file: "models/checkpoint/big.safetensors", args: ["--connections", "4"] };
const fast = { sleep_between_downloads: 0, retry_delays: [0.1, 0.1], speed_threshold_kbps: 10, slow_duration_threshold_seconds: 1 };

/**
 * A server that misbehaves on purpose: each case must end as a failed-list row of kind bad_body
 * with one clear sentence, no file (final or partial) and the key nowhere in the output.
 */
async function refused(faults: Fault[], said: RegExp, how: { version: number; file: string; args: string[] } = ONE) {
	const server = await fakeCivitai({ faults });
	const dir = await tempDir();
	try {
		const config = await writeConfig(dir, { rate_limit_settings: fast });
		const r = await runCli(["get", `version:${how.version}`, "--failed-out", "f.csv", "--no-progress", ...how.args], {
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY },
			timeoutMs: 30_000,
		});
		const label = `${r.stdout}\n${r.stderr}`;
		assert.equal(r.code, 1, label);
		assert.match(r.stderr, said, label);
		const rows = (await readCsv(join(dir, "f.csv"))).rows;
		assert.equal(rows[0]?.cells.error_kind, "bad_body", label);
		await assert.rejects(stat(join(dir, how.file)), { code: "ENOENT" }, "no final-named file");
		const left = await readdir(join(dir, "models/checkpoint")).catch(() => []);
		assert.deepEqual(left, [], "no partial file either");
		assert.ok(!`${r.stdout}${r.stderr}`.includes(KEY), "the key is never printed");
		return { server, r };
	} finally {
		await server.close();
	}
}

describe("hostile server", () => {
	for (const location of ["file:///etc/passwd", "ftp://127.0.0.1/model.bin", "javascript:alert(1)", "data:text/plain,hello"]) {
		it(`refuses a redirect to ${location.split(":")[0]}:`, async () => {
			await refused(
				[{ version: 1000, attempt: "every", kind: "redirect", location }],
				/Refusing to follow a redirect to (file|ftp|javascript|data):/,
			);
		});
	}

	it("stops a redirect loop after 10 hops", async () => {
		const { server } = await refused([{ version: 1000, attempt: "every", kind: "redirect_loop" }], /More than 10 redirects/);
		assert.equal(server.downloadsStarted(1000), 11, "the first request and 10 redirects, then it gives up");
	});

	for (const [where, location] of [
		["in the query", "{storage}/model/1000/1/x.bin?leak={key}"],
		["in the path", "{storage}/k/{key}/model.bin"],
		["percent-encoded", `{storage}/model.bin?x=${[...KEY].map((c) => `%${c.charCodeAt(0).toString(16)}`).join("")}`],
	] as const) {
		it(`refuses a redirect to another host with the key ${where}, and sends nothing there`, async () => {
			const { server } = await refused(
				[{ version: 1000, attempt: "every", kind: "redirect", location }],
				/Refusing a redirect to 127\.0\.0\.1:\d+ that carries your API key/,
			);
			assert.deepEqual(
				server.requests.filter((q) => q.origin === "storage"),
				[],
			);
		});
	}

	it("refuses a Content-Length far larger than the size the API lists, before reading the body", async () => {
		await refused([{ version: 1000, attempt: "every", kind: "oversize_length", factor: 1000 }], /offered 524288000 bytes.*524288 bytes/);
	});

	it("stops an endless body at the listed size and deletes what it received", async () => {
		await refused([{ version: 1000, attempt: "every", kind: "endless_body" }], /more than the 524288 bytes Civitai lists/);
	});

	it("refuses a gigantic response header", async () => {
		await refused([{ version: 1000, attempt: "every", kind: "huge_header" }], /sent response headers larger than civitai-dl accepts/);
	});

	it("refuses a metadata answer of several MB without reading all of it", async () => {
		await refused([{ version: 1000, attempt: "every", kind: "json_huge", bytes: 12 * 1024 * 1024 }], /answered more than 8 MiB of JSON/);
	});

	it("refuses a metadata answer with the wrong types, naming the field", async () => {
		await refused([{ version: 1000, attempt: "every", kind: "json_wrong_types" }], /"files\[0\]\.id" has the wrong type/);
	});

	describe("with four Range connections: the same refusals, and no preallocated partial file left behind", () => {
		const v = FOUR.version;
		const cases: [string, Fault, RegExp][] = [
			["a redirect to file:", { version: v, attempt: "every", kind: "redirect", location: "file:///etc/passwd" }, /redirect to file:/],
			["a redirect loop", { version: v, attempt: "every", kind: "redirect_loop" }, /More than 10 redirects/],
			[
				"the key in a redirect",
				{ version: v, attempt: "every", kind: "redirect", location: "{storage}/x?k={key}" },
				/carries your API key/,
			],
			[
				"a Content-Length unlike the range asked for",
				{ version: v, attempt: "every", kind: "oversize_length", factor: 1000 },
				/answered the request for bytes \d+-\d+ of the file with something else \(4194304000 bytes\)/,
			],
			["an endless body", { version: v, attempt: "every", kind: "endless_body" }, /more than the 16777216 bytes Civitai lists/],
			["a gigantic header", { version: v, attempt: "every", kind: "huge_header" }, /response headers larger/],
		];
		for (const [name, fault, said] of cases) {
			it(name, async () => {
				await refused([fault], said, FOUR);
			});
		}
	});
});
