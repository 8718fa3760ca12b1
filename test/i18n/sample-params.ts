/** The few parameters that are objects or words rather than numbers, by name. */
const SPECIAL: Record<string, unknown> = {
	problem: { why: "host", host: "example.com" },
	source: "file",
	title: "Options:",
	names: ["a.safetensors", "b.pt"],
	passed: [{ version: "v7 (#7)", permanent: false, until: "2027-07-07" }],
	status: "ok",
};

/**
 * Parameters that fit every message of the catalogues: "7" (a string that also reads as a number) for
 * any name, and the objects and words the few others take.
 */
export const sampleParams = new Proxy({} as Record<string, unknown>, {
	get: (_t, key) => (typeof key === "string" && key in SPECIAL ? SPECIAL[key] : "7"),
});
