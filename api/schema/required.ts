/** For edges the graph guarantees (a record's datanet): a missing node is a broken graph, not a null answer. */
export function required<T>(value: T | null | undefined, what = 'a linked node'): T {
  if (value == null) throw new Error(`The contribution graph is missing ${what}.`);
  return value;
}
