/** Stands in for `$app/navigation` in tests: counts `invalidateAll()` calls. */
export const calls = { invalidateAll: 0 };

export async function invalidateAll(): Promise<void> {
  calls.invalidateAll++;
}
