import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { connectProxy, fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

/** A certificate for civitai.com and civitai.red, made by openssl (undefined where there is none). */
async function certificate(dir: string): Promise<{ key: string; cert: string; certPath: string } | undefined> {
	const keyPath = join(dir, "key.pem");
	const certPath = join(dir, "cert.pem");
	const args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyPath, "-out", certPath, "-days", "2"];
	const names = ["-subj", "/CN=civitai.com", "-addext", "subjectAltName=DNS:civitai.com,DNS:civitai.red"];
	try {
		await promisify(execFile)("openssl", [...args, ...names]);
	} catch {
		return undefined;
	}
	return { key: await readFile(keyPath, "utf8"), cert: await readFile(certPath, "utf8"), certPath };
}

/**
 * A TLS-intercepting proxy, as the was: every CONNECT is recorded and tunnelled to one local
 * HTTPS server that answers `/api/v1/me` as Civitai does for a good key, and records which host got
 * which Authorization header.
 */
async function interceptingProxy(tls: { key: string; cert: string }) {
	const seen: { host: string; path: string; authorization: string | undefined }[] = [];
	const site = https.createServer(tls, (req, res) => {
		seen.push({ host: req.headers.host ?? "", path: req.url ?? "", authorization: req.headers.authorization });
		res.writeHead(req.url === "/api/v1/me" ? 200 : 404, { "content-type": "application/json" });
		res.end(JSON.stringify({ id: 1, username: "proxy-tester" }));
	});
	site.listen(0, "127.0.0.1");
	await once(site, "listening");
	after(() => {
		site.closeAllConnections();
		return new Promise((r) => site.close(r));
	});
	const port = (site.address() as AddressInfo).port;
	const proxy = await connectProxy(() => ({ host: "127.0.0.1", port }));
	return { url: proxy.url, tunnels: proxy.tunnels, seen };
}

describe("doctor sends the key only where the settings say (issue 25, finding 9)", async () => {
	const dir = await tempDir();
	const tls = await certificate(dir);
	const skip = tls === undefined ? "openssl is not installed" : false;

	async function doctor(extra: Record<string, unknown>) {
		const proxy = await interceptingProxy(tls!);
		const config = await writeConfig(dir, { base_url: "https://civitai.com", ...extra });
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_API_KEY: KEY, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: tls!.certPath };
		const r = await runCli(["doctor"], { cwd: dir, env });
		const keyTo = proxy.seen.filter((s) => s.authorization === `Bearer ${KEY}`).map((s) => s.host);
		return { r, keyTo, tunnels: proxy.tunnels.map((t) => t.target) };
	}

	it("red_base_url null: only civitai.com is asked, the key never reaches civitai.red", { skip }, async () => {
		const { r, keyTo, tunnels } = await doctor({ red_base_url: null });
		assert.match(r.stdout, /^ok {4}API key: signed in as proxy-tester$/m, r.stdout + r.stderr);
		assert.deepEqual(keyTo, ["civitai.com"]);
		assert.deepEqual(tunnels, ["civitai.com:443"]);
		assert.doesNotMatch(r.stdout, /civitai\.red/);
	});

	it("red_base_url as by default beside civitai.com: the key is checked there too", { skip }, async () => {
		const { r, keyTo } = await doctor({});
		assert.deepEqual(keyTo, ["civitai.com", "civitai.red"]);
		assert.match(r.stdout, /^ok {4}API key on https:\/\/civitai\.red: signed in as proxy-tester there too$/m);
	});
});

describe("doctor and a configured red origin that is not civitai.red", () => {
	it("the local server's red origin is checked as a run would use it; without one, nothing else is asked", async () => {
		const server = await fakeCivitai({ redOrigin: true });
		const dir = await tempDir();
		const me = () => server.requests.filter((q) => q.path === "/api/v1/me").map((q) => q.origin);
		const config = await writeConfig(dir, { base_url: server.baseUrl, red_base_url: server.redBaseUrl });
		const r = await runCli(["doctor"], { cwd: dir, env: { CIVITAI_DL_CONFIG: config, CIVITAI_API_KEY: KEY } });
		assert.equal(r.code, 0, r.stdout + r.stderr);
		assert.deepEqual(me(), ["api", "red"]);
		assert.match(r.stdout, new RegExp(`^ok {4}API key on ${server.redBaseUrl}: signed in as local-tester there too$`, "m"));
		const plain = await writeConfig(dir, { base_url: server.baseUrl });
		await runCli(["doctor"], { cwd: dir, env: { CIVITAI_DL_CONFIG: plain, CIVITAI_API_KEY: KEY } });
		assert.deepEqual(me(), ["api", "red", "api"]);
	});
});
