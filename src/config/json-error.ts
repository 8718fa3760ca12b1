/**
 * Where a JSON text first goes wrong, and the likely reason, without quoting any of it: V8's own
 * message can quote the text around the error, which in a config file may be the API key.
 */
export type JsonProblem = "trailing_comma" | "single_quote" | "comment" | "ends_early" | "other";

export interface JsonSyntaxError {
	/** 1-based */
	line: number;
	/** 1-based, in characters */
	column: number;
	problem: JsonProblem;
}

class Stop {
	constructor(
		readonly at: number,
		readonly problem: JsonProblem,
	) {}
}

/** The first syntax error in `text` (a BOM already removed), or undefined when it is valid JSON. */
export function findJsonError(text: string): JsonSyntaxError | undefined {
	return scan(text);
}

/**
 * The 1-based line where the value at `path` starts (for a missing key: its nearest parent), or
 * undefined when the text is not valid JSON. Duplicate keys: the last one, as JSON.parse keeps.
 */
export function lineOf(text: string, path: readonly PropertyKey[]): number | undefined {
	let best = { depth: -1, at: 0 };
	const error = scan(text, (at, where) => {
		const depth = where.length;
		if (depth > path.length || !where.every((k, n) => String(k) === String(path[n]))) return;
		if (depth >= best.depth) best = { depth, at };
	});
	if (error || best.depth < 0) return undefined;
	return text.slice(0, best.at).split("\n").length;
}

/** A recursive-descent reader that only checks the syntax, reporting each value's start and path. */
class Scanner {
	private i = 0;
	private readonly path: PropertyKey[] = [];

	constructor(
		private readonly text: string,
		private readonly onValue?: (at: number, path: readonly PropertyKey[]) => void,
	) {}

	run(): void {
		this.value();
		this.ws();
		if (this.i < this.text.length) this.fail();
	}

	private fail(problem?: JsonProblem): never {
		const { text, i } = this;
		if (problem) throw new Stop(i, problem);
		const c = text[i];
		if (c === undefined) throw new Stop(i, "ends_early");
		if (c === "'") throw new Stop(i, "single_quote");
		if (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) throw new Stop(i, "comment");
		throw new Stop(i, "other");
	}

	private ws(): void {
		while (this.i < this.text.length && " \t\n\r".includes(this.text[this.i]!)) this.i++;
	}

	private string(): void {
		const { text } = this;
		this.i++; // the opening quote
		while (this.i < text.length) {
			const c = text[this.i]!;
			if (c === '"') {
				this.i++;
				return;
			}
			if (c === "\\") {
				this.escape();
				continue;
			}
			if (c < " ") this.fail("other");
			this.i++;
		}
		this.fail("ends_early");
	}

	private escape(): void {
		const e = this.text[this.i + 1];
		if (e === "u") {
			if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) this.fail("other");
			this.i += 6;
		} else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.i += 2;
		else {
			this.i++;
			this.fail();
		}
	}

	private value(): void {
		this.ws();
		this.onValue?.(this.i, this.path);
		const c = this.text[this.i];
		if (c === "{") this.container("}", true);
		else if (c === "[") this.container("]", false);
		else if (c === '"') this.string();
		else this.literal();
	}

	/** A number, true, false or null. */
	private literal(): void {
		const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.i, this.i + 400));
		if (!m) this.fail();
		this.i += m[0].length;
	}

	private key(): void {
		if (this.text[this.i] !== '"') this.fail();
		const keyStart = this.i;
		this.string();
		this.path.push(this.onValue ? (JSON.parse(this.text.slice(keyStart, this.i)) as string) : "");
		this.ws();
		if (this.text[this.i] !== ":") this.fail();
		this.i++;
	}

	private container(close: string, object: boolean): void {
		let index = 0;
		this.i++;
		this.ws();
		if (this.text[this.i] === close) {
			this.i++;
			return;
		}
		for (;;) {
			this.ws();
			if (object) this.key();
			else this.path.push(index++);
			this.value();
			this.path.pop();
			this.ws();
			if (this.text[this.i] === ",") {
				this.i++;
				this.ws();
				if (this.text[this.i] === close) this.fail("trailing_comma");
				continue;
			}
			if (this.text[this.i] === close) {
				this.i++;
				return;
			}
			this.fail();
		}
	}
}

function scan(text: string, onValue?: (at: number, path: readonly PropertyKey[]) => void): JsonSyntaxError | undefined {
	try {
		new Scanner(text, onValue).run();
		return undefined;
	} catch (e) {
		if (!(e instanceof Stop)) return { line: 1, column: 1, problem: "other" }; // nested too deep to scan
		const before = text.slice(0, e.at).split("\n");
		return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1, problem: e.problem };
	}
}
