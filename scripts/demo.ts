/**
 * `npm run demo`: the main job, end to end, against the bundled local Civitai (no network, no API key).
 * Builds the command-line bundle if needed (the step of `npm run build` that makes the `bin`), starts the
 * local server, writes a demo config and a seed-format history, then runs `civitai-dl redownload all --yes`
 * with short delays, and says honestly how that went (scripts/demo-verdict.ts).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readBytes } from "../fake-civitai/bytes.js";
import { demoCatalogue, demoFaults } from "../fake-civitai/demo-catalogue.js";
import { startFakeCivitai } from "../fake-civitai/server.js";
import { readCsv } from "../src/history/csv-file.js";
import { type DemoRun, demoVerdict } from "./demo-verdict.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "dist/civitai-dl.mjs");
const demo = join(root, ".demo");

function newestMtime(dir: string): number {
	let newest = 0;
	for (const e of readdirSyncRecursive(dir)) newest = Math.max(newest, statSync(e).mtimeMs);
	return newest;
}

function readdirSyncRecursive(dir: string): string[] {
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => join(e.parentPath, e.name));
}

if (!existsSync(bin) || statSync(bin).mtimeMs < newestMtime(join(root, "src"))) {
	// the bin is the esbuild bundle (scripts/bundle.mjs, the second step of `npm run build`); tsc's dist/ is the library
	console.log("Building the civitai-dl command (dist/civitai-dl.mjs, as npm run build does)...");
	const b = spawnSync(process.execPath, [join(root, "scripts/bundle.mjs")], { cwd: root, stdio: "inherit" });
	if (b.status !== 0 || !existsSync(bin)) {
		console.error(`The demo FAILED: building ${bin} did not work (exit ${b.status ?? b.signal}).`);
		process.exit(b.status || 1);
	}
}

const catalogue = demoCatalogue();
console.log("Starting the local Civitai (a 200 MiB checkpoint, LoRAs, embeddings, a VAE)...");
const server = await startFakeCivitai({ catalogue, faults: demoFaults(), anonymousDownloads: true });

await rm(demo, { recursive: true, force: true });
await mkdir(join(demo, "models/embedding"), { recursive: true });
const base = server.baseUrl;
// the seed's history format (4 columns), oldest first, as the Python tool wrote it
const history = [
	["2025-10-20 21:03:11", "lora", `${base}/models/4202/detail-tweaker`, "detail_tweaker.safetensors"],
	["2025-10-20 21:04:40", "embedding", `${base}/models/4206`, "easynegative.safetensors"],
	["2025-10-21 08:12:02", "lora", `${base}/models/4204?modelVersionId=42040`, "watercolor_v3.safetensors"],
	["2025-10-22 19:55:30", "checkpoint", `${base}/api/download/models/42010`, "localDreamXL_v20.safetensors"],
	["2025-10-23 23:01:09", "lora", `${base}/models/4205`, "members_portrait.safetensors"],
	["2025-10-24 10:02:00", "embedding", `${base}/models/4207`, "bad_hands.pt"],
	["2025-10-24 10:03:00", "vae", `${base}/models/4208`, "clear_vae.safetensors"],
];
await writeFile(join(demo, "download_history.csv"), `timestamp,model_type,url,filename\n${history.map((r) => r.join(",")).join("\n")}\n`);
// one file is already in the library, so the run skips it
const easy = catalogue.models.find((m) => m.id === 4206)!.versions[0]!.files[0]!;
await writeFile(join(demo, "models/embedding", easy.name), readBytes(easy.seed ?? `file-${easy.id}`, 0, easy.sizeBytes));
await writeFile(
	join(demo, "config.json"),
	JSON.stringify(
		{
			history_file: "download_history.csv",
			download_paths: { checkpoint: "models/checkpoint", lora: "models/lora", embedding: "models/embedding", vae: "models/vae" },
			rate_limit_settings: {
				sleep_between_downloads: 1,
				retry_delays: [2, 4, 6],
				speed_threshold_kbps: 10,
				slow_duration_threshold_seconds: 3,
			},
		},
		null,
		2,
	),
);

console.log(`Demo folder: ${demo}`);
console.log(`Running: civitai-dl redownload all --yes --config .demo/config.json --base-url ${base}\n`);
const reportPath = join(demo, "run-report.json");
const env: NodeJS.ProcessEnv = { ...process.env, CIVITAI_DL_RUN_REPORT: reportPath };
delete env.CIVITAI_API_KEY;
delete env.CIVITAI_TOKEN;
const child = spawn(process.execPath, [bin, "redownload", "all", "--yes", "--config", join(demo, "config.json"), "--base-url", base], {
	cwd: demo,
	env,
	stdio: "inherit",
});
const code = await new Promise<number | null>((resolve) => {
	child.on("error", () => resolve(null));
	child.on("close", (c) => resolve(c));
});
await server.close();

const report = await readFile(reportPath, "utf8").then(
	(t) => JSON.parse(t) as DemoRun["report"],
	() => null,
);
const failedKinds = report?.failedListPath ? (await readCsv(report.failedListPath)).rows.map((r) => r.cells.error_kind ?? "") : [];
const verdict = demoVerdict({ code, report, failedKinds });
const files = (await readdir(join(demo, "models"), { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
console.log(`\n${verdict.message}`);
console.log(`Files are in ${join(demo, "models")} (${files.length} files); the history is ${join(demo, "download_history.csv")}.`);
// nothing named civitai-dl is on PATH after `npm ci`: npx finds this clone's own bin (the README's "Install and real use" puts it on PATH)
if (verdict.exit === 0)
	console.log(
		'To use the real Civitai: export CIVITAI_API_KEY=<your key> and, in this folder, run `npx civitai-dl get <model URL>` (to have `civitai-dl` on your PATH, see "Install and real use" in the README).',
	);
process.exit(verdict.exit);
