import assert from "node:assert/strict";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import net, { type AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { proxyFromEnv } from "../../src/platform/proxy.js";
import { connectProxy, fakeCivitai, KEY, runCli, tempDir, webhookReceiver, writeConfig } from "../helpers.js";

describe("proxies from the environment", () => {
	it("reads the variables as curl does: lowercase first, no proxy when none is set", () => {
		assert.equal(proxyFromEnv({}), undefined);
		assert.deepEqual(proxyFromEnv({ HTTPS_PROXY: "http://p:1", https_proxy: "http://q:2", NO_PROXY: "a.example" }), {
			httpProxy: undefined,
			httpsProxy: "http://q:2",
			noProxy: "a.example",
		});
		assert.deepEqual(proxyFromEnv({ http_proxy: "http://p:1" }), { httpProxy: "http://p:1", httpsProxy: undefined, noProxy: "" });
	});

	it("sends the API, storage and webhook requests through HTTP_PROXY, with its credentials; NO_PROXY bypasses it", async () => {
		const server = await fakeCivitai();
		const proxy = await connectProxy();
		const hook = await webhookReceiver();
		const dir = await tempDir();
		const config = await writeConfig(dir, { notifications: { webhooks: [{ kind: "json", url: hook.url("/hook"), on: ["finished"] }] } });
		const withAuth = proxy.url.replace("http://", "http://user:pa%40ss@");
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY, HTTP_PROXY: withAuth };
		const r = await runCli(["get", "version:1000", "--no-progress"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /SHA-256 verified/);
		const targets = new Set(proxy.tunnels.map((t) => t.target));
		for (const origin of [server.baseUrl, server.storageOrigin, hook.url("")])
			assert.ok(targets.has(new URL(origin).host), `${origin} went through the proxy`);
		assert.ok(proxy.tunnels.every((t) => t.auth === `Basic ${Buffer.from("user:pa@ss").toString("base64")}`));
		assert.equal(hook.received.length, 1);
		assert.ok(!`${r.stdout}${r.stderr}`.includes("pa%40ss") && !`${r.stdout}${r.stderr}`.includes("pa@ss"));

		const before = proxy.tunnels.length;
		const dir2 = await tempDir();
		const config2 = await writeConfig(dir2);
		const r2 = await runCli(["get", "version:2000", "--no-progress"], {
			cwd: dir2,
			env: { ...env, CIVITAI_DL_CONFIG: config2, NO_PROXY: "127.0.0.1" },
		});
		assert.equal(r2.code, 0, r2.stderr);
		assert.equal(proxy.tunnels.length, before, "NO_PROXY: nothing went through the proxy");
		await server.close();
	});

	it("a proxy that cannot be reached fails the item as network, and its password is never printed", async () => {
		const server = await fakeCivitai();
		const dir = await tempDir();
		const config = await writeConfig(dir, {
			rate_limit_settings: { sleep_between_downloads: 0, retry_delays: [0.1], network_retry_delays: [0.1] },
		});
		const closed = net.createServer();
		closed.listen(0, "127.0.0.1");
		await once(closed, "listening");
		const port = (closed.address() as AddressInfo).port;
		await new Promise((r) => closed.close(r));
		const r = await runCli(["get", "version:1000", "--failed-out", "f.csv", "--no-progress", "--verbose"], {
			cwd: dir,
			env: {
				CIVITAI_DL_CONFIG: config,
				CIVITAI_BASE_URL: server.baseUrl,
				CIVITAI_API_KEY: KEY,
				HTTP_PROXY: `http://me:CANARYPW@127.0.0.1:${port}`,
			},
		});
		assert.equal(r.code, 1, r.stderr);
		assert.match(r.stderr, /\(network\)/);
		assert.ok(!`${r.stdout}${r.stderr}${await readFile(join(dir, "f.csv"), "utf8")}`.includes("CANARYPW"));
		await server.close();
	});
});
