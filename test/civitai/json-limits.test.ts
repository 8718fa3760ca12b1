import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { Agent } from "undici";
import { CivitaiClient } from "../../src/civitai/client.js";
import { MAX_ENTRIES, MAX_JSON_DEPTH, nestedDeeperThan } from "../../src/civitai/wire-types.js";
import { DownloadError } from "../../src/errors.js";
import { english } from "../../src/i18n/msg.js";
import { systemClock } from "../../src/platform/clock.js";

/** Issue 19 item 12: JSON that is small on the wire but huge in memory is refused at the edge. */

async function answering(body: string): Promise<{ origin: string; close: () => Promise<void> }> {
	const server = createServer((req, res) => {
		req.resume();
		res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
		res.end(body);
	});
	server.listen(0, "127.0.0.1");
	await once(server, "listening");
	return {
		origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () => {
			server.closeAllConnections();
			return new Promise((r) => server.close(() => r()));
		},
	};
}

async function refusal(body: string, get: (c: CivitaiClient) => Promise<unknown>): Promise<string> {
	const server = await answering(body);
	const dispatcher = new Agent();
	try {
		const client = new CivitaiClient(server.origin, "", { dispatcher, userAgent: "t", clock: systemClock });
		let said = "";
		await assert.rejects(get(client), (e: unknown) => {
			assert.ok(e instanceof DownloadError, String(e));
			assert.equal(e.kind, "bad_body");
			said = english(e.msg);
			return true;
		});
		return said;
	} finally {
		await dispatcher.close();
		await server.close();
	}
}

describe("nestedDeeperThan", () => {
	const cases: [string, string, number, boolean][] = [
		["flat", '{"a":1}', 1, false],
		["at the limit", "[[[]]]", 3, false],
		["one past it", "[[[[]]]]", 3, true],
		["brackets inside strings do not count", '{"a":"[[[[[[{{{{"}', 1, false],
		["an escaped quote does not end the string", '{"a":"\\"[[[["}', 1, false],
		["an escaped backslash before the closing quote", '{"a":"\\\\"}', 1, false],
		["siblings do not add up", "[[],[],[],[]]", 2, false],
	];
	for (const [what, text, max, expected] of cases) it(what, () => assert.equal(nestedDeeperThan(text, max), expected));
});

describe("hostile JSON answers", () => {
	it("3 million nested arrays (6 MB) are refused before parsing", async () => {
		const n = 3_000_000;
		const said = await refusal("[".repeat(n) + "]".repeat(n), (c) => c.getVersion(5));
		assert.match(said, new RegExp(`/api/v1/model-versions/5 answered JSON nested more than ${MAX_JSON_DEPTH} levels deep`));
	});

	it("900,000 files in one version (under the 8 MiB limit) are refused, naming the field", async () => {
		const files = Array.from({ length: 900_000 }, () => '{"id":1}').join(",");
		// the process's CPU time, not the clock's: another process's load does not count (5 s of wall time was seen here)
		const started = process.cpuUsage();
		const said = await refusal(`{"id":5,"files":[${files}]}`, (c) => c.getVersion(5));
		assert.match(said, new RegExp(`answered more than ${MAX_ENTRIES} entries in "files"`));
		const cpu = process.cpuUsage(started);
		assert.ok((cpu.user + cpu.system) / 1000 < 3000, "refused without checking every entry");
	});

	it("so are 900,000 versions of one model", async () => {
		const versions = Array.from({ length: 900_000 }, () => '{"id":1}').join(",");
		const said = await refusal(`{"id":5,"modelVersions":[${versions}]}`, (c) => c.getModel(5));
		assert.match(said, /answered more than 1000 entries in "modelVersions"/);
	});

	it("a file's hashes with 500,000 keys are refused before they are copied", async () => {
		const keys = Array.from({ length: 500_000 }, (_, i) => `"k${i}":"v"`).join(",");
		const said = await refusal(`{"id":5,"files":[{"id":1,"hashes":{${keys}}}]}`, (c) => c.getVersion(5));
		assert.match(said, /answered more than 1000 entries in "files\[0\]\.hashes"/);
	});

	it("a real-sized answer still passes", async () => {
		const files = Array.from({ length: 20 }, (_, i) => `{"id":${i},"name":"f${i}.safetensors","hashes":{"SHA256":"AB"}}`).join(",");
		const server = await answering(`{"id":5,"model":{"name":"m","type":"LORA"},"files":[${files}]}`);
		const dispatcher = new Agent();
		try {
			const client = new CivitaiClient(server.origin, "", { dispatcher, userAgent: "t", clock: systemClock });
			assert.equal((await client.getVersion(5)).files?.length, 20);
		} finally {
			await dispatcher.close();
			await server.close();
		}
	});
});
