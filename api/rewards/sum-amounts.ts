/** Exact sum of decimal-string amounts (BigInt): never a float, never a Neo4j integer. */
export function sumAmounts(amounts: Iterable<unknown>): bigint {
  let total = 0n;
  for (const a of amounts) {
    const text = String(a);
    if (!/^\d+$/.test(text)) throw new Error(`A stored payout amount is not an integer decimal string: ${JSON.stringify(text).slice(0, 40)}`);
    total += BigInt(text);
  }
  return total;
}
