/**
 * The small-files part of the bench (issue 18): 200 files of 1 MiB, four at a time, storage from nginx
 * behind the local API's 307: civitai-dl (`get` and `redownload --from`) against `aria2c -j4`, and, in the
 * same alternation, the experiment bench/experiments/small-files-floor.mjs (a Node script making the same
 * three requests per file, hashing, renaming: not the product) and civitai-dl's fixed cost (a run whose
 * only file is already present), so that the ratios say how much of the gap is Node and the requests and
 * how much civitai-dl's own per-file work and start-up.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { FakeModel } from "../fake-civitai/catalogue.js";
import type { FakeCivitai } from "../fake-civitai/server.js";
import type { BenchKit, Comparison } from "./fair.js";
import { fmt, median, rssVerdict, type Sample } from "./harness.js";
import { judgeRatio, verdictLine } from "./judge.js";

const MiB = 1024 * 1024;
/** Issue 31: at most 1.3 × aria2c -j4's wall time, for `get` of 200 version ids and for `redownload --from`. */
const SMALL_FILES_TARGET = 1.3;
const FLOOR = new URL("experiments/small-files-floor.mjs", import.meta.url).pathname;

export const SMALL: FakeModel[] = Array.from({ length: 200 }, (_, i) => {
	const id = 7100 + i;
	const name = `small-${String(i).padStart(3, "0")}.safetensors`;
	return {
		id,
		name,
		type: "LORA",
		versions: [{ id: id * 10, name: "v1", files: [{ id: id * 100, name, sizeBytes: MiB, primary: true }] }],
	};
});

export async function smallFiles(kit: BenchKit, server: FakeCivitai): Promise<Comparison> {
	const dir = join(kit.work, "small-files");
	// warm the server (its per-file byte patterns and SHA-256s) so that no contender pays for that
	for (const m of SMALL) {
		await fetch(`${server.baseUrl}/api/v1/model-versions/${m.id * 10}`).then((r) => r.arrayBuffer());
		await fetch(`${server.baseUrl}/api/download/models/${m.id * 10}?fileId=${m.id * 100}`).then((r) => r.arrayBuffer());
	}
	const versions = SMALL.map((m) => m.id * 10);
	// the same 200 files as a list (a failed list or a shared history): its rows name model ids, so the
	// versions come from /api/v1/models?ids= (100 models a request) instead of one request each
	const list = [
		"timestamp,model_type,url,filename,model_id,version_id,file_id,size_bytes,sha256,path",
		...SMALL.map((m) => {
			const f = m.versions[0]!.files[0]!;
			return `2026-01-01 00:00:00,lora,${server.baseUrl}/api/download/models/${m.id * 10}?fileId=${f.id},${f.name},${m.id},${m.id * 10},${f.id},${f.sizeBytes},,`;
		}),
	].join("\n");
	const floor =
		(name: string, sync: boolean, ids: number[], batched = false, hash = true) =>
		async (): Promise<[string, string[], string]> => {
			const d = await kit.fresh(join(dir, name));
			const flags = [...(sync ? ["--sync"] : []), ...(batched ? ["--batched"] : []), ...(hash ? [] : ["--no-hash"])];
			return [process.execPath, [FLOOR, server.baseUrl, "out", "4", ...flags, ...ids.map(String)], d];
		};
	const rows = await kit.alternate([
		{
			name: "civitai-dl get version:… --concurrency 4",
			prepare: async () => {
				const d = await kit.fresh(join(dir, "cdl"));
				return [...kit.cli(server, await kit.config(d), ["get", ...versions.map((v) => `version:${v}`), "--concurrency", "4"]), d];
			},
		},
		{
			name: "civitai-dl redownload --from list.csv --concurrency 4",
			prepare: async () => {
				const d = await kit.fresh(join(dir, "cdl-from"));
				await writeFile(join(d, "list.csv"), `${list}\n`);
				return [...kit.cli(server, await kit.config(d), ["redownload", "--from", "list.csv", "--yes", "--concurrency", "4"]), d];
			},
		},
		{
			name: "aria2c -j4 -i list",
			prepare: async () => {
				const d = await kit.fresh(join(dir, "aria2c"));
				await writeFile(
					join(d, "list"),
					`${SMALL.map((m) => `${server.baseUrl}/api/download/models/${m.id * 10}?fileId=${m.id * 100}`).join("\n")}\n`,
				);
				return ["aria2c", ["-q", "-j4", "-i", "list", "-d", "out", "--allow-overwrite=true", "--auto-file-renaming=false"], d];
			},
		},
		{
			name: "experiment: Node floor, + fdatasync of each file and the history (not the product)",
			prepare: floor("floor-sync", true, versions),
		},
		{ name: "experiment: Node floor, same 3 requests + hash + rename (not the product)", prepare: floor("floor", false, versions) },
		{
			name: "civitai-dl get version:… of 1 file already present (fixed cost)",
			prepare: async () => {
				const d = await kit.fresh(join(dir, "cdl-present"));
				const [cmd, args] = kit.cli(server, await kit.config(d), ["get", `version:${versions[0]}`]);
				// not timed: the download that makes the file present (the local Civitai lives in this process)
				await promisify(execFile)(cmd, args, { cwd: d });
				return [cmd, args, d];
			},
		},
		{
			name: "civitai-dl get version:… of 1 file (fixed cost)",
			prepare: async () => {
				const d = await kit.fresh(join(dir, "cdl-one"));
				return [...kit.cli(server, await kit.config(d), ["get", `version:${versions[0]}`]), d];
			},
		},
		{
			name: "experiment: Node floor with fdatasync, the same 1 file (its fixed cost)",
			prepare: floor("floor-one", true, versions.slice(0, 1)),
		},
		{
			name: "experiment: Node floor with fdatasync, metadata 100 models a request: 2 requests per file (not the product)",
			prepare: floor(
				"floor-batched",
				true,
				SMALL.map((m) => m.id),
				true,
			),
		},
		{
			name: "experiment: Node doing aria2c's work: 2 requests per file, no hash, no sync (not the product)",
			prepare: floor(
				"floor-bare",
				false,
				SMALL.map((m) => m.id),
				true,
				false,
			),
		},
	]);
	const medians = rows.map((r) => median(r.samples.map((s) => s.seconds)));
	const [get, from, aria, floorSync, floorW, present, one, floorOne, floorBatched, floorBare] = medians as [
		number,
		number,
		number,
		number,
		number,
		number,
		number,
		number,
		number,
		number,
	];
	const cpu = (i: number) => median(rows[i]!.samples.map((s: Sample) => s.userS + s.sysS));
	const seconds = (i: number) => rows[i]!.samples.map((s: Sample) => s.seconds);
	const ratio = get / aria;
	const fromRatio = from / aria;
	const fixed = Math.max(0, one - floorOne);
	const projected = floorSync + fixed;
	const upper = floorSync + present;
	const within = (r: number) =>
		r <= SMALL_FILES_TARGET ? `within the target (≤ ${SMALL_FILES_TARGET})` : `still NOT within the target (≤ ${SMALL_FILES_TARGET})`;
	return {
		title: "200 files of 1 MiB, pacing 0, 4 at a time, storage served by nginx behind the local API's 307",
		command:
			"civitai-dl get version:… ×200 | redownload --from list.csv (200 rows) --concurrency 4 --sleep 0  vs  aria2c -j4 -i list  vs  node bench/experiments/small-files-floor.mjs",
		rows,
		verdict: [
			`wall time: civitai-dl get ${fmt(get)} s, redownload --from ${fmt(from)} s, aria2c ${fmt(aria)} s: ${fmt(ratio)} and ${fmt(fromRatio)} × aria2c's (target ≤ ${SMALL_FILES_TARGET} × for each)`,
			...[0, 1].map((i) =>
				verdictLine(
					`${i === 0 ? "get" : "redownload --from"}: aria2c's time / civitai-dl's`,
					judgeRatio(seconds(i), seconds(2), 1 / SMALL_FILES_TARGET),
				),
			),
			rssVerdict(rows),
			`experiment (bench/experiments/small-files-floor.mjs, not the product): a Node script making civitai-dl's three requests per file (metadata, /api/download's 307, storage) with undici and keep-alive, SHA-256 checked, \`.part\` renamed: ${fmt(floorW)} s, ${fmt(floorW / aria)} × aria2c (CPU ${fmt(cpu(4))} s against aria2c's ${fmt(cpu(2))} s and civitai-dl get's ${fmt(cpu(0))} s); with each file fdatasync'd before its rename and a history line appended and fdatasync'd per group of finished files, as civitai-dl does: ${fmt(floorSync)} s, ${fmt(floorSync / aria)} × aria2c (against the target ≤ 1.3: ${floorSync / aria <= 1.3 ? "within reach of Node making these requests" : "NOT reached even by the floor in this run: no Node tool making these requests would meet it here"})`,
			`civitai-dl's start-up: \`get\` of one version whose file is already present (start-up, config, lock, one metadata request, the skip) ${fmt(present)} s; one file downloaded ${fmt(one)} s, the floor's same file ${fmt(floorOne)} s: civitai-dl's fixed cost beyond the floor's ${fmt(fixed)} s`,
			split(get, aria, floorSync, fixed),
			`experiment: the same floor with sync asking for the metadata 100 models a request (as \`redownload --from\` does), so two requests per file like aria2c's: ${fmt(floorBatched)} s, ${fmt(floorBatched / aria)} × aria2c: ${floorBatched / aria <= 1.3 ? "within the target: two requests per file and per-file work as cheap as this floor's would meet it" : "still NOT within the target: even two requests per file from Node, hashed and synced, do not meet it in this run"}`,
			`experiment: Node doing aria2c's own work (two requests per file, the body written and renamed, no hash, no sync): ${fmt(floorBare)} s, ${fmt(floorBare / aria)} × aria2c: ${floorBare / aria <= 1.3 ? "within 1.3 ×: the rest of the gap is the checks aria2c does not make (SHA-256, fdatasync) and civitai-dl's own work" : "NOT within 1.3 × even so: on this machine the target asks more of Node than the same work costs it"}`,
			`projection: with per-file work as cheap as the floor's, civitai-dl would take the floor with sync plus its fixed cost beyond the floor's, ${fmt(floorSync)} + ${fmt(fixed)} = ${fmt(projected)} s, ${fmt(projected / aria)} × aria2c: ${within(projected / aria)}; counting its whole already-present run as the fixed cost instead (an upper bound: node's start-up and one request counted twice): ${fmt(upper)} s, ${fmt(upper / aria)} ×: ${within(upper / aria)}`,
		],
	};
}

/** How civitai-dl get's time over aria2c splits between the floor (Node, the same requests) and civitai-dl's own work. */
function split(get: number, aria: number, floorSync: number, fixed: number): string {
	const head = `where civitai-dl get's ${fmt(get - aria)} s over aria2c go: ${fmt(floorSync - aria)} s to Node making the same requests, hashing, renaming and syncing the history (the floor with sync, its own start-up included)`;
	if (floorSync >= get) {
		return `${head}, as much as civitai-dl's whole run or more in this run (runs of a second scatter on this machine): in this run all of the gap is Node making these requests, none civitai-dl's own work`;
	}
	const own = get - floorSync;
	return `${head}; the other ${fmt(own)} s to civitai-dl's own start-up beyond the floor's (${fmt(Math.min(fixed, own))} s) and its own per-file work (the rest, ${fmt(Math.max(0, own - fixed))} s)`;
}
