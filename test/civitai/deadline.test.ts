import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { Agent } from "undici";
import { API_DEADLINE_MS, CivitaiClient } from "../../src/civitai/client.js";
import { DownloadError } from "../../src/errors.js";
import { english } from "../../src/i18n/msg.js";
import { systemClock } from "../../src/platform/clock.js";
import { VirtualClock } from "../virtual-clock.js";

/** Issue 19 item 10: a metadata answer that drips one byte at a time, never falling silent. */
async function drippingServer(everyMs: number): Promise<{ origin: string; bytesSent: () => number; close: () => Promise<void> }> {
	let sent = 0;
	const open = new Set<ServerResponse>();
	const server = createServer((req, res) => {
		req.resume();
		open.add(res);
		res.writeHead(200, { "content-type": "application/json" });
		const body = '{"id": 5, "name": "                                                                                "}';
		let i = 0;
		const timer = setInterval(() => {
			if (res.destroyed || i >= body.length) {
				clearInterval(timer);
				if (!res.destroyed) res.end();
				return;
			}
			res.write(body[i++]!);
			sent++;
		}, everyMs);
		res.on("close", () => clearInterval(timer));
	});
	server.listen(0, "127.0.0.1");
	await once(server, "listening");
	return {
		origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		bytesSent: () => sent,
		close: () => {
			for (const r of open) r.destroy();
			server.closeAllConnections();
			return new Promise((r) => server.close(() => r()));
		},
	};
}

function isTooSlow(seconds: number) {
	return (e: unknown) => {
		assert.ok(e instanceof DownloadError, String(e));
		assert.equal(e.kind, "network", "retried like any network failure");
		assert.match(english(e.msg), new RegExp(`/api/v1/model-versions/5 did not finish answering within ${seconds} s`));
		return true;
	};
}

describe("an overall deadline for API answers", () => {
	it("is 60 s by default, measured on the run's clock (a virtual minute here)", async () => {
		assert.equal(API_DEADLINE_MS, 60_000);
		const server = await drippingServer(20);
		const dispatcher = new Agent();
		const clock = new VirtualClock(Date.UTC(2026, 0, 1), false);
		try {
			const client = new CivitaiClient(server.origin, "", { dispatcher, userAgent: "t", clock });
			const answer = client.getVersion(5);
			answer.catch(() => {});
			while (server.bytesSent() < 3) await new Promise((r) => setTimeout(r, 10));
			clock.advance(59_000);
			await new Promise((r) => setTimeout(r, 50));
			assert.ok(server.bytesSent() >= 3);
			clock.advance(1_000);
			await assert.rejects(answer, isTooSlow(60));
			assert.equal(clock.pending, 0, "no timer left behind");
		} finally {
			await dispatcher.close();
			await server.close();
		}
	});

	it("a dripping server is cut at a configured deadline, however steadily it sends", async () => {
		const server = await drippingServer(50);
		const dispatcher = new Agent();
		try {
			const client = new CivitaiClient(server.origin, "", { dispatcher, userAgent: "t", clock: systemClock }, undefined, 400);
			const started = Date.now();
			await assert.rejects(client.getVersion(5), isTooSlow(0.4));
			assert.ok(Date.now() - started < 3000, "stopped at the deadline, not when the body ended");
		} finally {
			await dispatcher.close();
			await server.close();
		}
	});

	it("an answer within the deadline is read as usual, and leaves no timer", async () => {
		const server = await drippingServer(1);
		const dispatcher = new Agent();
		const clock = new VirtualClock(Date.UTC(2026, 0, 1), false);
		try {
			const client = new CivitaiClient(server.origin, "", { dispatcher, userAgent: "t", clock });
			const v = await client.getVersion(5);
			assert.equal(v.id, 5);
			assert.equal(clock.pending, 0);
		} finally {
			await dispatcher.close();
			await server.close();
		}
	});
});
