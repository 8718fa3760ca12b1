/**
 * Scripted misbehaviour, per model version and per attempt. API faults count requests to
 * `/api/download/models/:vid`; storage faults count GETs of that version's signed URLs; metadata
 * faults count requests to `/api/v1/model-versions/:vid`. Attempts are 1-based; `attempt: "every"`
 * fires on every attempt.
 */
export type ApiFault =
	| { kind: "rate_limit"; retryAfter?: number | string }
	| { kind: "unavailable" }
	| { kind: "quota" }
	| { kind: "login_page" }
	| { kind: "server_error" }
	| { kind: "expired_url" }
	/**
	 * A 307 to `location`, where `{key}` stands for the caller's API key and `{storage}` for the
	 * storage origin (a hostile or broken server: another scheme, another host, the key in the URL).
	 */
	| { kind: "redirect"; location: string }
	/** A 307 back to the same URL, forever. */
	| { kind: "redirect_loop" }
	/** A 200 whose headers are far larger than any client should read (1 MiB). */
	| { kind: "huge_header" }
	/** Any error answer, verbatim (escape codes in a JSON message or an HTML title, say). */
	| { kind: "error_page"; status: number; contentType: string; body: string };

/** Misbehaviour of the version metadata endpoint. */
export type MetaFault =
	/** A valid answer padded to `bytes` (several MB). */
	| { kind: "json_huge"; bytes: number }
	/** The version's JSON with `files[0].sizeKB` a string and `files[0].id` text. */
	| { kind: "json_wrong_types" };

export type StorageFault =
	| { kind: "throttle"; bytesPerSecond: number }
	/** Stop sending at byte `afterBytes` of the file and hold the connection (a response not covering it is unaffected). */
	| { kind: "stall"; afterBytes: number; bytesPerSecond?: number }
	/** Cut the connection at byte `afterBytes` of the file (a response not covering it, e.g. a resume from there, is unaffected). */
	| { kind: "drop"; afterBytes: number; bytesPerSecond?: number }
	| { kind: "wrong_bytes"; atByte?: number }
	| { kind: "ignore_range" }
	| { kind: "html_body" }
	/** Send `missingBytes` fewer bytes than the Content-Length says, then close the connection. */
	| { kind: "short_body"; missingBytes: number }
	/** Content-Length `factor` times the file's size (the body is the real file). */
	| { kind: "oversize_length"; factor: number }
	/** No Content-Length, and bytes for as long as the client reads. */
	| { kind: "endless_body" }
	/** Any error answer from the storage, verbatim (escape codes in its XML, say). */
	| { kind: "storage_page"; status: number; contentType: string; body: string };

export type Fault = { version: number; attempt?: number | "every" } & (ApiFault | StorageFault | MetaFault);

export type FaultOrigin = "api" | "storage" | "meta";

const ORIGIN_OF: Record<Fault["kind"], FaultOrigin> = {
	rate_limit: "api",
	unavailable: "api",
	quota: "api",
	login_page: "api",
	server_error: "api",
	expired_url: "api",
	redirect: "api",
	redirect_loop: "api",
	huge_header: "api",
	error_page: "api",
	throttle: "storage",
	stall: "storage",
	drop: "storage",
	wrong_bytes: "storage",
	ignore_range: "storage",
	html_body: "storage",
	short_body: "storage",
	oversize_length: "storage",
	endless_body: "storage",
	storage_page: "storage",
	json_huge: "meta",
	json_wrong_types: "meta",
};

/** The fault that applies to `attempt` of `version` at the given origin, if any. */
export function pickFault(faults: readonly Fault[], origin: FaultOrigin, version: number, attempt: number): Fault | undefined {
	return faults.find(
		(f) => f.version === version && ORIGIN_OF[f.kind] === origin && (f.attempt === "every" || (f.attempt ?? 1) === attempt),
	);
}
