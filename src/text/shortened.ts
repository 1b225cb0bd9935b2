/** Text past `max` characters cut there, an ellipsis marking the cut: a chart label, a pasted letter in a cell. */
export const shortened = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);
