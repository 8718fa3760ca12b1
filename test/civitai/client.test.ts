import assert from "node:assert/strict";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { Agent } from "undici";
import { CivitaiClient, MAX_JSON_BYTES } from "../../src/civitai/client.js";
import { DownloadError } from "../../src/errors.js";
import { english } from "../../src/i18n/msg.js";

/** A server whose metadata answer never ends (no Content-Length), counting what it managed to send. */
async function endlessJson(): Promise<{ url: string; sent: () => number; close: () => Promise<void> }> {
	let sent = 0;
	const server = http.createServer(async (_req, res) => {
		res.writeHead(200, { "content-type": "application/json" });
		res.write('{"id": 1, "name": "');
		const chunk = Buffer.alloc(64 * 1024, 0x61);
		while (!res.destroyed) {
			sent += chunk.length;
			if (!res.write(chunk)) await Promise.race([once(res, "drain"), once(res, "close")]);
		}
	});
	server.listen(0, "127.0.0.1");
	await once(server, "listening");
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		sent: () => sent,
		close: () => {
			server.closeAllConnections();
			return new Promise((r) => server.close(() => r()));
		},
	};
}

describe("CivitaiClient against a hostile server", () => {
	it("stops reading an endless JSON answer at its limit: bounded memory, one clear error", async () => {
		const server = await endlessJson();
		const dispatcher = new Agent();
		try {
			const client = new CivitaiClient(server.url, "", { dispatcher, userAgent: "t", now: Date.now });
			await assert.rejects(client.getVersion(5), (e: unknown) => {
				assert.ok(e instanceof DownloadError);
				assert.equal(e.kind, "bad_body");
				assert.match(english(e.msg), /\/api\/v1\/model-versions\/5 answered more than 8 MiB of JSON/);
				return true;
			});
			// what the server got out is the limit plus what the sockets buffer, never the whole stream
			assert.ok(server.sent() < MAX_JSON_BYTES + 16 * 1024 * 1024, `sent ${server.sent()}`);
		} finally {
			await dispatcher.close();
			await server.close();
		}
	});

	it("a smaller limit is honoured too (the check is on bytes read, not on a header)", async () => {
		const server = await endlessJson();
		const dispatcher = new Agent();
		try {
			const client = new CivitaiClient(server.url, "", { dispatcher, userAgent: "t", now: Date.now }, 1024 * 1024);
			await assert.rejects(client.getModel(5), /answered more than 1 MiB of JSON/);
			assert.ok(server.sent() < 1024 * 1024 + 16 * 1024 * 1024);
		} finally {
			await dispatcher.close();
			await server.close();
		}
	});
});
