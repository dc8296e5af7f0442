/** Runs `run` over `items`, `lanes` at a time, each lane taking the next item as soon as it is free. */
export async function inLanes<T>(items: readonly T[], lanes: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  const lane = async (): Promise<void> => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) await run(item)
  }
  await Promise.all(Array.from({ length: lanes }, lane))
}
