/**
 * A real web server for the storage side of the bench: nginx (sendfile, almost no CPU) serving the
 * bench's bytes on a loopback port, started as an ordinary process with its own temporary config
 * (no daemon, no master, no system paths) and stopped after. The local Civitai's API still answers
 * and 307s to it, so civitai-dl, curl and aria2c all follow the same redirect.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { chunks } from "../fake-civitai/bytes.js";

export interface Nginx {
	origin: string;
	stop: () => Promise<void>;
}

/** The nginx binary, or an error saying which Debian package has it. */
export function nginxBinary(): string {
	for (const bin of ["/usr/sbin/nginx", "nginx"]) {
		try {
			execFileSync(bin, ["-v"], { stdio: "ignore" });
			return bin;
		} catch {}
	}
	throw new Error("nginx is not installed; the fair bench serves its bytes from it. Install it with: sudo apt-get install nginx");
}

async function freePort(): Promise<number> {
	const s = createServer();
	s.listen(0, "127.0.0.1");
	await once(s, "listening");
	const port = (s.address() as { port: number }).port;
	s.close();
	await once(s, "close");
	return port;
}

/** Write the fake catalogue's bytes of a file (`seed`, `size`) to `path`, unless already there. */
export async function materialise(path: string, seed: string, size: number): Promise<void> {
	if ((await stat(path).catch(() => undefined))?.size === size) return;
	const out = createWriteStream(path);
	for (const c of chunks(seed, 0, size, 8 * 1024 * 1024)) if (!out.write(c)) await once(out, "drain");
	out.end();
	await once(out, "finish");
}

/** Start nginx serving `root` on 127.0.0.1 (a free port), from a config in `dir`. */
export async function startNginx(dir: string, root: string): Promise<Nginx> {
	const bin = nginxBinary();
	const port = await freePort();
	const tmp = join(dir, "tmp");
	await mkdir(tmp, { recursive: true });
	const conf = join(dir, "nginx.conf");
	await writeFile(
		conf,
		[
			"daemon off;",
			"master_process off;",
			"worker_processes 1;",
			`pid ${join(dir, "nginx.pid")};`,
			`error_log ${join(dir, "error.log")} warn;`,
			"events { worker_connections 64; }",
			"http {",
			"  access_log off; sendfile on; tcp_nopush on; keepalive_timeout 5;",
			...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${join(tmp, t)};`),
			"  types { application/octet-stream bin; } default_type application/octet-stream;",
			`  server { listen 127.0.0.1:${port}; root ${root}; location / { } }`,
			"}",
		].join("\n"),
	);
	const child: ChildProcess = spawn(bin, ["-p", dir, "-c", conf, "-e", join(dir, "error.log")], { stdio: "ignore" });
	const origin = `http://127.0.0.1:${port}`;
	for (let i = 0; ; i++) {
		const up = await fetch(`${origin}/`)
			.then((r) => r.body?.cancel().then(() => true))
			.catch(() => false);
		if (up) break;
		if (i > 100 || child.exitCode !== null) throw new Error(`nginx did not start (see ${join(dir, "error.log")})`);
		await new Promise((r) => setTimeout(r, 50));
	}
	return {
		origin,
		stop: async () => {
			if (child.exitCode !== null) return;
			child.kill("SIGQUIT");
			await once(child, "exit");
		},
	};
}
