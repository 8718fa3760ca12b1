import { once as onceEvent } from "node:events";
import http, { type Server } from "node:http";
import net, { type AddressInfo } from "node:net";
import { after } from "node:test";
import { drainOrClose } from "../../fake-civitai/server.js";

export interface Received {
	time: number;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/**
 * A local webhook receiver. `answer(n)` (n = 1, 2, ... per request) says how to reply: a status,
 * optionally with headers, or "hang" to never answer. Closed when the test file ends.
 */
export async function webhookReceiver(
	answer: (n: number) => number | "hang" | { status: number; headers?: Record<string, string>; body?: string } = () => 204,
): Promise<{ url: (path: string) => string; received: Received[] }> {
	const { createServer } = await import("node:http");
	const received: Received[] = [];
	const hanging = new Set<import("node:http").ServerResponse>();
	const server = createServer((req, res) => {
		let raw = "";
		req.on("data", (d) => (raw += d));
		req.on("end", () => {
			let body: unknown = raw;
			try {
				body = JSON.parse(raw);
			} catch {}
			received.push({ time: Date.now(), path: req.url ?? "", headers: req.headers, body });
			const a = answer(received.length);
			if (a === "hang") {
				hanging.add(res);
				return;
			}
			const spec = typeof a === "number" ? { status: a } : a;
			res.writeHead(spec.status, spec.headers ?? {});
			res.end(spec.body ?? "");
		});
	});
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	after(async () => {
		for (const res of hanging) res.destroy();
		server.closeAllConnections();
		await new Promise((r) => server.close(r));
	});
	const port = (server.address() as import("node:net").AddressInfo).port;
	return { url: (path) => `http://127.0.0.1:${port}${path}`, received };
}

/**
 * A server that answers every request with `status`, `contentType` and `prefix`, then sends bytes for
 * as long as the client reads them (no Content-Length), counting what it managed to send.
 */
export async function endlessServer(
	status: number,
	contentType: string,
	prefix = "",
): Promise<{ origin: string; sent: () => number; close: () => Promise<void> }> {
	const { createServer } = await import("node:http");
	let sent = 0;
	const server = createServer(async (req, res) => {
		req.resume();
		res.writeHead(status, { "content-type": contentType });
		res.write(prefix);
		const chunk = Buffer.alloc(64 * 1024, 0x61);
		while (!res.destroyed) {
			sent += chunk.length;
			if (!res.write(chunk)) await drainOrClose(res);
		}
	});
	server.listen(0, "127.0.0.1");
	await onceEvent(server, "listening");
	return {
		origin: `http://127.0.0.1:${(server.address() as import("node:net").AddressInfo).port}`,
		sent: () => sent,
		close: () => {
			server.closeAllConnections();
			return new Promise((r) => server.close(() => r()));
		},
	};
}

/** Listen on 127.0.0.1 (any free port) until the test file ends; returns the origin. */
export async function listenLocal(server: Server): Promise<string> {
	server.listen(0, "127.0.0.1");
	await onceEvent(server, "listening");
	after(() => {
		server.closeAllConnections();
		server.close();
	});
	return `http://127.0.0.1:${(server.address() as import("node:net").AddressInfo).port}`;
}

/**
 * A CONNECT proxy on 127.0.0.1 that records each tunnel's target and Proxy-Authorization, and tunnels
 * it to where `route` says (default: the target it names). Closed after the test file.
 */
export async function connectProxy(
	route: (target: string) => { host: string; port: number } = (target) => {
		const [host, port] = target.split(":");
		return { host: host ?? "", port: Number(port) };
	},
): Promise<{ url: string; tunnels: { target: string; auth: string | undefined }[] }> {
	const tunnels: { target: string; auth: string | undefined }[] = [];
	const server = http.createServer((_req, res) => {
		res.writeHead(405);
		res.end();
	});
	const sockets = new Set<net.Socket>();
	server.on("connect", (req, client: net.Socket, head) => {
		tunnels.push({ target: req.url ?? "", auth: req.headers["proxy-authorization"] });
		const to = route(req.url ?? "");
		const upstream = net.connect(to.port, to.host, () => {
			client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		for (const s of [client, upstream]) {
			sockets.add(s);
			s.on("error", () => {});
			s.on("close", () => sockets.delete(s));
		}
	});
	server.listen(0, "127.0.0.1");
	await onceEvent(server, "listening");
	after(async () => {
		for (const s of sockets) s.destroy();
		await new Promise((r) => server.close(r));
	});
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels };
}
