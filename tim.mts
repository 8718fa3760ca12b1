import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { startFakeCivitai } from "./fake-civitai/server.js";
const MiB = 1024 * 1024;
const models = [{ id: 7002, name: "t", type: "Checkpoint" as const, versions: [{ id: 70020, name: "v1", files: [{ id: 700200, name: "t.safetensors", sizeBytes: 32 * MiB, primary: true }] }] }];
const s = await startFakeCivitai({ catalogue: { models }, anonymousDownloads: true, faults: [{ version: 70020, attempt: "every", kind: "throttle", bytesPerSecond: 4 * MiB }] });
const d = "/tmp/tim"; 
for (let k = 0; k < 2; k++) {
rmSync(d, { recursive: true, force: true }); mkdirSync(d, { recursive: true });
writeFileSync(`${d}/c.json`, JSON.stringify({ history_file: "h.csv", download_paths: { checkpoint: "out" }, rate_limit_settings: { sleep_between_downloads: 0 } }));
const t0 = Date.now();
const child = spawn(process.execPath, [process.env.BIN ?? "/work/main/dist/cli/bin.js", "get", "version:70020", "--connections", "4", "--config", `${d}/c.json`, "--base-url", s.baseUrl, "--json"], { cwd: d });
let out = ""; child.stdout.on("data", (x) => (out += x));
await new Promise((r) => child.on("close", r));
const end = Date.now();
for (const l of out.trim().split("\n")) { const e = JSON.parse(l); if (e.type !== "progress") console.log(String(Date.parse(e.time) - t0).padStart(6), e.type); }
console.log(String(end - t0).padStart(6), "exit");
const st = s.requests.filter((q) => q.origin === "storage").map((q) => q.time - t0); console.log("storage reqs at", st.slice(-4));
}
await s.close();
