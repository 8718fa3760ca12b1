/** Text on a terminal: escape codes removed, display columns counted (wide CJK characters are two), cut to fit. */

export function stripAnsi(s: string): string {
	// biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what it removes
	return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}

/** Display width of a string: East Asian wide characters take two columns. */
export function widthOf(s: string): number {
	let w = 0;
	for (const ch of s) {
		const c = ch.codePointAt(0)!;
		w +=
			c >= 0x1100 &&
			/[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u.test(ch)
				? 2
				: 1;
	}
	return w;
}

/** Cut to `max` display columns, with an ellipsis when cut; pad to exactly `max` when `pad`. */
export function fit(s: string, max: number, pad = false): string {
	if (max <= 0) return "";
	let out = "";
	let w = 0;
	const total = widthOf(s);
	for (const ch of s) {
		const cw = widthOf(ch);
		if (w + cw > (total > max ? max - 1 : max)) break;
		out += ch;
		w += cw;
	}
	if (total > max) {
		// "~", not "…": an ambiguous-width character is two columns on some CJK terminals
		out += "~";
		w += 1;
	}
	return pad ? out + " ".repeat(Math.max(0, max - w)) : out;
}
