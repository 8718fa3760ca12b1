import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Agent } from "undici";
import { CivitaiClient, MAX_JSON_BYTES } from "../../src/civitai/client.js";
import { DownloadError } from "../../src/errors.js";
import { english } from "../../src/i18n/msg.js";
import { systemClock } from "../../src/platform/clock.js";
import { endlessServer } from "../helpers.js";

describe("CivitaiClient against a hostile server", () => {
	it("stops reading an endless JSON answer at its limit: bounded memory, one clear error", async () => {
		const server = await endlessServer(200, "application/json", '{"id": 1, "name": "');
		const dispatcher = new Agent();
		try {
			const client = new CivitaiClient(server.origin, "", { dispatcher, userAgent: "t", clock: systemClock });
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
		const server = await endlessServer(200, "application/json", '{"id": 1, "name": "');
		const dispatcher = new Agent();
		try {
			const client = new CivitaiClient(server.origin, "", { dispatcher, userAgent: "t", clock: systemClock }, 1024 * 1024);
			await assert.rejects(client.getModel(5), /answered more than 1 MiB of JSON/);
			assert.ok(server.sent() < 1024 * 1024 + 16 * 1024 * 1024);
		} finally {
			await dispatcher.close();
			await server.close();
		}
	});
});
