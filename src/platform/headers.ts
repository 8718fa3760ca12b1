/** The first value of a header that undici may give as a list. */
export function first(v: string | string[] | undefined): string | undefined {
	return Array.isArray(v) ? v[0] : v;
}
