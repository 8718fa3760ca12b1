/**
 * Scripted misbehaviour, per model version and per attempt. API faults count requests to
 * `/api/download/models/:vid`; storage faults count GETs of that version's signed URLs. Attempts
 * are 1-based; `attempt: "every"` fires on every attempt.
 */
export type ApiFault =
	| { kind: "rate_limit"; retryAfter?: number | string }
	| { kind: "unavailable" }
	| { kind: "quota" }
	| { kind: "login_page" }
	| { kind: "server_error" }
	| { kind: "expired_url" };

export type StorageFault =
	| { kind: "throttle"; bytesPerSecond: number }
	/** Stop sending at byte `afterBytes` of the file and hold the connection (a response not covering it is unaffected). */
	| { kind: "stall"; afterBytes: number; bytesPerSecond?: number }
	/** Cut the connection at byte `afterBytes` of the file (a response not covering it, e.g. a resume from there, is unaffected). */
	| { kind: "drop"; afterBytes: number; bytesPerSecond?: number }
	| { kind: "wrong_bytes"; atByte?: number }
	| { kind: "ignore_range" }
	| { kind: "html_body" }
	| { kind: "short_body"; missingBytes: number };

export type Fault = { version: number; attempt?: number | "every" } & (ApiFault | StorageFault);

const STORAGE_KINDS = new Set(["throttle", "stall", "drop", "wrong_bytes", "ignore_range", "html_body", "short_body"]);

export function isStorageFault(f: Fault): f is Fault & StorageFault {
	return STORAGE_KINDS.has(f.kind);
}

/** The fault that applies to `attempt` of `version` at the given origin, if any. */
export function pickFault(faults: readonly Fault[], origin: "api" | "storage", version: number, attempt: number): Fault | undefined {
	return faults.find(
		(f) => f.version === version && isStorageFault(f) === (origin === "storage") && (f.attempt === "every" || (f.attempt ?? 1) === attempt),
	);
}
