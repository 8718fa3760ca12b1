import { spawn } from "node:child_process";
import { once as onceEvent } from "node:events";
import { chmod, copyFile, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import type { FakeCatalogue } from "../fake-civitai/catalogue.js";
import { type FakeCivitai, type FakeCivitaiOptions, startFakeCivitai } from "../fake-civitai/server.js";

export const ROOT = new URL("..", import.meta.url).pathname;
/** The command-line tool as it ships: the bundle. */
export const BIN = join(ROOT, "dist/civitai-dl.mjs");
export const KEY = "0123456789abcdef0123456789abcdef";

/** A fresh temp folder, removed when the test file ends. */
/**
 * Root writes anywhere, so a permission test run as root makes its run as an ordinary user (uid
 * 65534) from a copy of the bundle (entry and chunks) in `dir` that the user can read; as anyone else, as they are.
 */
export async function asOrdinaryUser(dir: string): Promise<{ uid?: number; bin?: string }> {
	if (process.getuid?.() !== 0) return {};
	const bin = await copyBundle(dir);
	await chmod(bin, 0o755);
	await chmod(dir, 0o777);
	return { uid: 65534, bin };
}

export async function tempDir(): Promise<string> {
	const d = await mkdtemp(join(tmpdir(), "civitai-dl-test-"));
	after(() => rm(d, { recursive: true, force: true }));
	return d;
}

/** Start the local Civitai; closed when the test file ends. */
export async function fakeCivitai(opts: Partial<FakeCivitaiOptions> = {}): Promise<FakeCivitai> {
	const s = await startFakeCivitai({ catalogue: smallCatalogue(), apiKeys: [KEY], ...opts });
	after(() => s.close());
	return s;
}

const KiB = 1024;

/** A small catalogue for tests: a checkpoint, LoRAs, an embedding, and oddities. */
export function smallCatalogue(): FakeCatalogue {
	return {
		models: [
			{
				id: 100,
				name: "Test Checkpoint",
				type: "Checkpoint",
				versions: [
					{
						id: 1000,
						name: "v1",
						files: [
							{
								id: 10000,
								name: "checkpoint1.safetensors",
								sizeBytes: 512 * KiB,
								format: "SafeTensor",
								size: "pruned",
								fp: "fp16",
								primary: true,
							},
							{ id: 10001, name: "checkpoint1_full.safetensors", sizeBytes: 300 * KiB, format: "SafeTensor", size: "full", fp: "fp32" },
						],
					},
				],
			},
			{
				id: 200,
				name: "Lora One",
				type: "LORA",
				versions: [{ id: 2000, name: "v1", files: [{ id: 20000, name: "lora1.safetensors", sizeBytes: 200 * KiB, primary: true }] }],
			},
			{
				id: 201,
				name: "Lora Two",
				type: "LoCon",
				versions: [{ id: 2010, name: "v1", files: [{ id: 20100, name: "lora2.safetensors", sizeBytes: 150 * KiB, primary: true }] }],
			},
			{
				id: 300,
				name: "Embedding One",
				type: "TextualInversion",
				versions: [{ id: 3000, name: "v1", files: [{ id: 30000, name: "embedding1.pt", sizeBytes: 20 * KiB, primary: true }] }],
			},
			{
				id: 400,
				name: "Members",
				type: "LORA",
				versions: [
					{
						id: 4000,
						name: "v1",
						requireAuth: true,
						files: [{ id: 40000, name: "members.safetensors", sizeBytes: 10 * KiB, primary: true }],
					},
				],
			},
			{
				id: 500,
				name: "Gen Only",
				type: "LORA",
				versions: [
					{
						id: 5000,
						name: "v1",
						usageControl: "Generation",
						files: [{ id: 50000, name: "gen.safetensors", sizeBytes: 10 * KiB, primary: true }],
					},
				],
			},
			{
				id: 600,
				name: "Early",
				type: "LORA",
				versions: [
					{
						id: 6000,
						name: "v1",
						earlyAccessDeadline: "2099-01-01T00:00:00.000Z",
						files: [{ id: 60000, name: "early.safetensors", sizeBytes: 10 * KiB, primary: true }],
					},
				],
			},
			{
				id: 700,
				name: "Old",
				type: "LORA",
				mode: "Archived",
				versions: [{ id: 7000, name: "v1", files: [{ id: 70000, name: "old.safetensors", sizeBytes: 10 * KiB, primary: true }] }],
			},
			{
				id: 800,
				name: "Hostile",
				type: "LORA",
				versions: [{ id: 8000, name: "v1", files: [{ id: 80000, name: "../../x.safetensors", sizeBytes: 10 * KiB, primary: true }] }],
			},
			{
				id: 801,
				name: "Reserved",
				type: "LORA",
				versions: [{ id: 8010, name: "v1", files: [{ id: 80100, name: "CON.safetensors", sizeBytes: 10 * KiB, primary: true }] }],
			},
			{
				id: 802,
				name: "Control",
				type: "LORA",
				versions: [
					{ id: 8020, name: "v1", files: [{ id: 80200, name: "a\u0007b\u001b[31m.safetensors", sizeBytes: 10 * KiB, primary: true }] },
				],
			},
			{
				id: 803,
				name: "Long",
				type: "LORA",
				versions: [
					{ id: 8030, name: "v1", files: [{ id: 80300, name: `${"長".repeat(100)}.safetensors`, sizeBytes: 10 * KiB, primary: true }] },
				],
			},
			{
				id: 804,
				name: "Japanese",
				type: "LORA",
				versions: [
					{
						id: 8040,
						name: "v1",
						files: [{ id: 80400, name: "夜桜スタイル.safetensors", sizeBytes: 10 * KiB, primary: true, filenameStar: true }],
					},
				],
			},
			{
				id: 900,
				name: "Unhashed",
				type: "LORA",
				versions: [
					{ id: 9000, name: "v1", files: [{ id: 90000, name: "fresh.safetensors", sizeBytes: 10 * KiB, primary: true, noHashes: true }] },
				],
			},
			{
				id: 1100,
				name: "Flux Like",
				type: "Checkpoint",
				versions: [
					{
						id: 11100,
						name: "dev",
						files: [
							{ id: 111000, name: "flux_dev.safetensors", sizeBytes: 12 * KiB, fp: "fp16", primary: true },
							{ id: 111001, name: "flux_dev.safetensors", sizeBytes: 8 * KiB, fp: "fp8" },
						],
					},
				],
			},
			{
				id: 805,
				name: "Nameless",
				type: "LORA",
				versions: [
					{
						id: 8050,
						name: "v1",
						files: [{ id: 80500, name: "../名前.safetensors", sizeBytes: 10 * KiB, primary: true, noNameInApi: true, filenameStar: true }],
					},
				],
			},
			{
				id: 1200,
				name: "Big",
				type: "Checkpoint",
				versions: [{ id: 12000, name: "v1", files: [{ id: 120000, name: "big.safetensors", sizeBytes: 16 * 1024 * KiB, primary: true }] }],
			},
			{
				id: 1300,
				name: "Bigger than any disk",
				type: "LORA",
				versions: [
					{ id: 13000, name: "v1", files: [{ id: 130000, name: "huge.safetensors", sizeBytes: 2 ** 50, primary: true, noHashes: true }] },
				],
			},
			// 1000 is both a model id and a version id (of model 100)
			{
				id: 1000,
				name: "Clash",
				type: "LORA",
				versions: [{ id: 11000, name: "v1", files: [{ id: 110000, name: "clash.safetensors", sizeBytes: 10 * KiB, primary: true }] }],
			},
		],
	};
}

export interface CliResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/** Run the built CLI with no terminal on stdin, as CI and cron do. */
export function runCli(
	args: string[],
	opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number; stdin?: string; uid?: number; bin?: string },
): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [opts.bin ?? BIN, ...args], {
			cwd: opts.cwd,
			...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
			env: { PATH: process.env.PATH ?? "", HOME: opts.cwd, XDG_CONFIG_HOME: join(opts.cwd, ".config"), LANG: "C", ...opts.env },
			stdio: ["pipe", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (d) => (stdout += d));
		child.stderr.on("data", (d) => (stderr += d));
		child.stdin.end(opts.stdin ?? "");
		const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
		child.on("error", reject);
		child.on("close", (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

/** Write a config for the local server with short, test-sized waits. */
export async function writeConfig(dir: string, extra: Record<string, unknown> = {}): Promise<string> {
	const path = join(dir, "config.json");
	await writeFile(
		path,
		JSON.stringify({
			history_file: "download_history.csv",
			rate_limit_settings: {
				sleep_between_downloads: 0,
				retry_delays: [0.2, 0.2, 0.2],
				network_retry_delays: [0.2, 0.2, 0.2],
				speed_threshold_kbps: 10,
				slow_duration_threshold_seconds: 2,
			},
			// one at a time unless a test asks for lanes: request order stays predictable
			concurrency: { small_files: 1 },
			...extra,
		}),
	);
	return path;
}

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

/** POSIX shell quoting for one argument. */
export function shellQuote(s: string): string {
	return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Run the built CLI in a pseudo-terminal (util-linux `script`), `cols` columns wide, and return
 * everything it wrote to the terminal, escape sequences included. stdin is the terminal too.
 */
export function runInTerminal(
	args: string[],
	opts: { cwd: string; env?: Record<string, string>; cols?: number; timeoutMs?: number; typed?: string[] },
): Promise<CliResult> {
	const command = `stty cols ${opts.cols ?? 100} rows 30 2>/dev/null; exec ${shellQuote(process.execPath)} ${[BIN, ...args].map(shellQuote).join(" ")}`;
	return new Promise((resolve, reject) => {
		const child = spawn("script", ["-qefc", command, "/dev/null"], {
			cwd: opts.cwd,
			env: {
				PATH: process.env.PATH ?? "",
				HOME: opts.cwd,
				XDG_CONFIG_HOME: join(opts.cwd, ".config"),
				LANG: "C",
				TERM: "xterm-256color",
				...opts.env,
			},
			stdio: ["pipe", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (d) => (stdout += d));
		child.stderr.on("data", (d) => (stderr += d));
		// answers typed at the terminal, one line every half second
		for (const [i, line] of (opts.typed ?? []).entries()) setTimeout(() => child.stdin.write(`${line}\n`), 500 * (i + 1));
		const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
		child.on("error", reject);
		child.on("close", (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

/** What a terminal shows at the end: a minimal screen model of the escape sequences the CLI uses. */
export function finalScreen(raw: string): string[] {
	const rows: string[] = [""];
	let r = 0;
	let c = 0;
	const put = (ch: string) => {
		const line = rows[r] ?? "";
		rows[r] = line.slice(0, c).padEnd(c, " ") + ch + line.slice(c + 1);
		c++;
	};
	for (let i = 0; i < raw.length; i++) {
		const ch = raw[i]!;
		if (ch === "\x1b" && raw[i + 1] === "[") {
			const m = /^\x1b\[([0-9;?]*)([A-Za-z])/.exec(raw.slice(i));
			if (!m) continue;
			i += m[0].length - 1;
			const n = Number(m[1]?.replace("?", "") || "1");
			if (m[2] === "F") {
				r = Math.max(0, r - n);
				c = 0;
			} else if (m[2] === "A") {
				r = Math.max(0, r - n);
			} else if (m[2] === "K") {
				rows[r] = m[1] === "2" ? "" : (rows[r] ?? "").slice(0, c);
			} else if (m[2] === "J") {
				rows.length = r + 1;
				rows[r] = (rows[r] ?? "").slice(0, c);
			}
			continue;
		}
		if (ch === "\r") c = 0;
		else if (ch === "\n") {
			r++;
			c = 0;
			if (rows[r] === undefined) rows[r] = "";
		} else put(ch);
	}
	return rows.map((l) => l.trimEnd()).filter((l, i, a) => l !== "" || i < a.length - 1);
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
			if (!res.write(chunk)) await Promise.race([onceEvent(res, "drain"), onceEvent(res, "close")]);
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

/** Copy the built CLI (its entry and the chunks beside it) into `dir`; returns the entry's path there. */
export async function copyBundle(dir: string): Promise<string> {
	const dist = join(ROOT, "dist");
	for (const f of await readdir(dist)) if (/^civitai-dl.*\.mjs$/.test(f)) await copyFile(join(dist, f), join(dir, f));
	return join(dir, "civitai-dl.mjs");
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
