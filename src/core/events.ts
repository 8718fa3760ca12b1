import type { ErrorKind } from "../errors.js";
import type { RunSummary, StopReason } from "./summary.js";

/** Everything a run reports, in order. The CLI renders these; `--json` prints them as NDJSON. */
export type RunEvent =
	| { type: "run_start"; total: number; items: { index: number; name: string; category: string; sizeBytes: number | null }[] }
	| {
			type: "item_start";
			index: number;
			total: number;
			name: string;
			category: string;
			url: string;
			path: string;
			sizeBytes: number | null;
			resumeFrom: number;
	  }
	| { type: "progress"; index: number; name: string; bytes: number; totalBytes: number | null; bytesPerSecond: number }
	| { type: "retry"; index: number; name: string; retry: number; maxRetries: number; delayMs: number; kind: ErrorKind; reason: string }
	/** A download request waits for its pacing slot: the item's `index` and `name` when known (a request of an item). */
	| { type: "wait"; delayMs: number; reason: "pacing"; index?: number; name?: string }
	/** The file is there (`exists`), or an earlier item of this run is the same file (`duplicate`, `sameAs` its index). */
	| { type: "skip"; index: number; name: string; path: string; reason: "exists" | "duplicate"; sameAs?: number }
	/** `model:ID` took an older version than the newest: the newer ones are in early or paid access. */
	| {
			type: "version_pick";
			index: number;
			name: string;
			versionId: number;
			version: string;
			passedOver: { id: number; name: string; permanent: boolean; until: string | null }[];
	  }
	| { type: "done"; index: number; name: string; path: string; bytes: number; sha256: string; verified: boolean; retries: number }
	| { type: "fail"; index: number; name: string; kind: ErrorKind; message: string; parked: boolean }
	| {
			type: "plan";
			index: number;
			name: string;
			category: string;
			action: "download" | "skip";
			path: string;
			sizeBytes: number | null;
			/** The version is paid (`permanent`) or in early access until `until` (an ISO date, null: not given). */
			access?: { permanent: boolean; until: string | null };
			/** A skip because an earlier item of this run is the same file: that item's index. */
			sameAs?: number;
	  }
	| { type: "warning"; message: string }
	/** Another process holds the history lock (for longer than an append takes); waiting up to timeoutMs. */
	| { type: "lock_wait"; path: string; pid: number | null; timeoutMs: number }
	/** Another process is downloading this item's file (it holds the file's claim); waiting up to timeoutMs. */
	| { type: "claim_wait"; index: number; name: string; pid: number | null; timeoutMs: number }
	/** A lock (the history's, or a file's claim) left by a process that is gone was taken over. */
	| { type: "lock_stale"; path: string; pid: number | null }
	/** A webhook delivery: `hook` is "kind #n (host)", never the URL. */
	| { type: "notify"; hook: string; ok: boolean; attempts: number; status: number | null; reason: string | null }
	/** The run stopped starting items: the daily quota, a full disk, Civitai down (outage), or an interrupt. */
	| { type: "stopped"; reason: StopReason }
	/** The run is over: how long it took and where its failed list went (null: none written). */
	| { type: "run_end"; elapsedMs: number; failedListPath: string | null; rerun: string[] | null }
	| { type: "summary"; summary: RunSummary };
