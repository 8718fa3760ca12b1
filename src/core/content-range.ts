/** `Content-Range: bytes a-b/total` → numbers; undefined when absent or malformed. */
export function parseContentRange(value: string | undefined): { start: number; end: number; total: number | undefined } | undefined {
	if (!value) return undefined;
	const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/.exec(value.trim());
	if (!m) return undefined;
	return { start: Number(m[1]), end: Number(m[2]), total: m[3] === "*" ? undefined : Number(m[3]) };
}
