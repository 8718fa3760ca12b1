/**
 * Line-ending debris, read as the line end it stands for. Python's `csv` module on Windows, writing a
 * file opened without `newline=''`, ends every row with `\r\r\n` (its own `\r\n`, then the text layer's
 * `\r` before `\n`); some editors do the same. Any run of carriage returns before a newline (or the end
 * of the text) becomes one `\r`, so such a file reads like a CRLF one: no empty "line" between rows, and
 * line numbers unchanged.
 */
export function normaliseLineEnds(text: string): string {
	return text.replace(/\r{2,}(?=\n|$)/g, "\r");
}
