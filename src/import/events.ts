import type { WireVersion } from "../civitai/wire-types.js";
import type { Identification } from "../core/import-plan.js";
import type { ErrorKind } from "../errors.js";

/** A model file on disk, with its SHA-256 (uppercase hex). */
export interface HashedFile {
	path: string;
	sizeBytes: number;
	sha256: string;
}

/** A file Civitai identified, with the version answer it came from (for sidecar files) and the origin that knew it. */
export interface IdentifiedFile extends HashedFile, Identification {
	origin: string;
	version: WireVersion;
}

/** A file whose lookup failed (network, rate limit after retries, or not asked after such a failure). */
export interface FailedLookup extends HashedFile {
	kind: ErrorKind;
	reason: string;
}

/** What `import` reports as it goes (the CLI renders them; `--json` prints them as NDJSON). */
export type ImportEvent =
	| { type: "import_scan"; folders: string[]; files: number; candidates: number }
	| { type: "hash_start"; files: number; cached: number; bytesToHash: number }
	| {
			type: "hash_progress";
			index: number;
			total: number;
			path: string;
			/** bytes hashed so far, over every file this run hashes */
			bytes: number;
			totalBytes: number;
			etaMs: number | null;
	  }
	| ({ type: "hashed"; cached: boolean } & HashedFile)
	| { type: "lookup"; origin: string; method: "POST" | "GET"; hashes: number }
	| { type: "lookup_retry"; origin: string; retry: number; maxRetries: number; delayMs: number; kind: ErrorKind; reason: string }
	| ({ type: "identified" } & Omit<IdentifiedFile, "version">)
	| ({ type: "unknown" } & HashedFile)
	| ({ type: "lookup_failed" } & FailedLookup)
	| { type: "warning"; message: string }
	| {
			type: "import_done";
			files: number;
			identified: number;
			unknown: number;
			failed: number;
			recorded: number;
			hashedFiles: number;
			cachedFiles: number;
			dryRun: boolean;
			/** Sidecar files written (with sidecars on), and the model files that got at least one. */
			sidecars?: number;
			sidecarModels?: number;
			elapsedMs: number;
	  };

/** What an import found, file by file. */
export interface ImportResult {
	/** Model files found in the folders, recorded or not. */
	files: number;
	identified: IdentifiedFile[];
	unknown: HashedFile[];
	failed: FailedLookup[];
	/** History rows written (0 with dryRun). */
	recorded: number;
	/** Some lookup failed: the CLI exits 1. */
	lookupsFailed: boolean;
}
