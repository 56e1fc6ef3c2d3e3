/** A table lookup that ignores inherited keys: eSMS's answers can hold any text, "__proto__" included. */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string | number): T | undefined {
	return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
