/**
 * The one-stream part of the bench (issue 31): 1 GiB from nginx behind the local API's 307, one
 * connection, civitai-dl (verified) against `curl -o` and against `curl -o` followed by a flush of that
 * file (`sync FILE`: the durability civitai-dl gives before it records a file), with SHA-256 alone for
 * the CPU budget. At least 7 alternating rounds with `sync` before every run, in two places: the local
 * disk, and a RAM file system (`/dev/shm`), where a flush costs nothing and the ratio judges the receive
 * path alone. Verdicts come from bench/judge.ts: ratios of medians, and "too wide to judge" when the
 * runs' spread does not let the ratio fall clearly on one side of its line; then the place's rounds are
 * run again, up to `maxAttempts`, and a place still too wide is reported without a verdict.
 */
import { statfs } from "node:fs/promises";
import { join } from "node:path";
import type { FakeCivitai } from "../fake-civitai/server.js";
import type { BenchKit, Comparison } from "./fair.js";
import { NGINX_MODEL } from "./fair.js";
import { fmt, rssVerdict, type Sample } from "./harness.js";
import { judgeRatio, perRound, type RatioVerdict, shouldRepeat, verdictLine } from "./judge.js";

/** statfs(2)'s f_type of a tmpfs. */
const TMPFS_MAGIC = 0x01021994;
const RAM_ROOT = "/dev/shm";

/** Issue 31's targets for one stream. */
export const ONE_STREAM_TARGETS = {
	diskVsCurlFlush: 0.95,
	diskVsCurl: 0.8,
	ramVsCurl: 1.0,
	/** CPU (user + sys) at most this many times curl's + SHA-256 alone's. */
	cpuBudget: 1.5,
} as const;

interface Place {
	name: "disk" | "RAM (tmpfs)";
	dir: string;
	/** On a RAM file system `curl -o` + flush is `curl -o`: not run there. */
	flushRow: boolean;
}

/** /dev/shm when it is a tmpfs (Linux), else none: the part then runs on the disk only and says so. */
export async function ramDir(): Promise<string | undefined> {
	const fs = await statfs(RAM_ROOT).catch(() => undefined);
	if (!fs || fs.type !== TMPFS_MAGIC) return undefined;
	return join(RAM_ROOT, `civitai-dl-bench-${process.pid}`);
}

type Rows = { name: string; samples: Sample[] }[];

export async function oneStream(
	kit: BenchKit,
	server: FakeCivitai,
	servedFile: string,
	opts: { rounds: number; maxAttempts: number; ram: string | undefined },
): Promise<Comparison[]> {
	const v = NGINX_MODEL.versions[0]!;
	const url = `${server.baseUrl}/api/download/models/${v.id}?fileId=${v.files[0]!.id}`;
	const hashScript = `const h=require("crypto").createHash("sha256");require("fs").createReadStream(process.argv[1],{highWaterMark:1<<20}).on("data",d=>h.update(d)).on("end",()=>console.log(h.digest("hex")))`;
	const places: Place[] = [{ name: "disk", dir: join(kit.work, "one-stream"), flushRow: true }];
	if (opts.ram) places.push({ name: "RAM (tmpfs)", dir: opts.ram, flushRow: false });
	const out: Comparison[] = [];
	for (const place of places) {
		const history: string[] = [];
		for (let attempt = 1; ; attempt++) {
			const contenders = [
				{
					name: "civitai-dl (SHA-256 verified, fdatasync)",
					prepare: async (): Promise<[string, string[], string]> => {
						const d = await kit.fresh(join(place.dir, "cdl"));
						return [...kit.cli(server, await kit.config(d), ["get", `version:${v.id}`]), d];
					},
				},
				{
					name: "curl -sSfL -o",
					prepare: async (): Promise<[string, string[], string]> => [
						"curl",
						["-sSfL", "-o", "out.bin", url],
						await kit.fresh(join(place.dir, "curl")),
					],
				},
				...(place.flushRow
					? [
							{
								name: "curl -sSfL -o, then sync out.bin (the same durability)",
								prepare: async (): Promise<[string, string[], string]> => [
									"sh",
									["-c", 'curl -sSfL -o out.bin "$0" && sync out.bin', url],
									await kit.fresh(join(place.dir, "curl-sync")),
								],
							},
						]
					: []),
				{
					name: "SHA-256 alone (node, file in page cache)",
					prepare: async (): Promise<[string, string[], string]> => [process.execPath, ["-e", hashScript, servedFile], place.dir],
				},
			];
			const rows: Rows = await kit.alternate(contenders, opts.rounds);
			const verdicts = judgePlace(place, rows);
			const repeat = shouldRepeat(
				verdicts.map(([, verdict]) => verdict),
				attempt,
				opts.maxAttempts,
			);
			if (repeat) {
				history.push(
					`attempt ${attempt} of ${opts.maxAttempts}: too wide to judge, run again (${verdicts.map(([label, verdict]) => `${label} ${fmt(verdict.ratio)} ±${Math.round(verdict.uncertainty * 100)}%: ${verdict.outcome}`).join("; ")})`,
				);
				process.stderr.write(`  one stream, ${place.name}: ${history.at(-1)}\n`);
				continue;
			}
			const final = verdicts.map(([label, verdict, unit]) =>
				verdictLine(label, verdict, unit, verdict.outcome === "too wide" ? attempt : undefined),
			);
			out.push({
				title: `One stream, 1 GiB verified, to the ${place.name}: ${opts.rounds} alternating rounds, \`sync\` before each run${attempt > 1 ? ` (attempt ${attempt}: the earlier ones were too wide to judge)` : ""}`,
				command: `civitai-dl get version:${v.id}  vs  curl -sSfL -o out.bin <api url>${place.flushRow ? "  vs  sh -c 'curl -sSfL -o out.bin \"$0\" && sync out.bin' <api url>" : ""}; files in ${place.name === "disk" ? "the bench's work folder" : RAM_ROOT}`,
				rows,
				verdict: [...final, rssVerdict(rows), ...history],
			});
			break;
		}
	}
	return out;
}

/** The targets of one place: [label, verdict, unit]. Rows: civitai-dl, curl, [curl + sync], SHA-256. */
export function judgePlace(place: { flushRow: boolean; name: string }, rows: Rows): [string, RatioVerdict, string][] {
	const wall = (i: number) => rows[i]!.samples.map((s) => s.seconds);
	const cpu = (i: number) => rows[i]!.samples.map((s) => s.userS + s.sysS);
	const hash = rows.length - 1;
	const t = ONE_STREAM_TARGETS;
	const out: [string, RatioVerdict, string][] = [];
	if (place.flushRow) out.push([`${place.name}: civitai-dl / (curl -o + sync)`, judgeRatio(wall(0), wall(2), t.diskVsCurlFlush), "s"]);
	out.push([`${place.name}: civitai-dl / curl -o`, judgeRatio(wall(0), wall(1), place.flushRow ? t.diskVsCurl : t.ramVsCurl), "s"]);
	// CPU: our user + sys against 1.5 × (curl's + SHA-256 alone's) of the same round; the ratio must reach 1
	out.push([
		`${place.name}: CPU, ${t.cpuBudget} × (curl -o + SHA-256 alone) over civitai-dl's (user + sys)`,
		judgeRatio(cpu(0), perRound(t.cpuBudget, cpu(1), cpu(hash)), 1),
		"CPU s",
	]);
	return out;
}
