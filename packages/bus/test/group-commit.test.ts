import { groupCommit } from '../src/group-commit';

/** A batch applier that records the batches it was given and answers each item on its own. */
function recorder(fail: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  const apply = async (items: number[]): Promise<PromiseSettledResult<string>[]> => {
    batches.push(items);
    await gate;
    return items.map((item) =>
      fail(item)
        ? { status: 'rejected', reason: new Error(`item ${item} failed`) }
        : { status: 'fulfilled', value: `applied ${item}` },
    );
  };
  return {
    batches,
    apply,
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
  };
}

describe(groupCommit.name, () => {
  it('applies messages that arrive together in one batch, and a lone message at once', async () => {
    const r = recorder();
    const submit = groupCommit(r.apply, { maxBatch: 10, concurrency: 1 });

    expect(await Promise.all([submit(1), submit(2), submit(3)])).toEqual([
      'applied 1',
      'applied 2',
      'applied 3',
    ]);
    expect(await submit(4)).toBe('applied 4');
    expect(r.batches).toEqual([[1, 2, 3], [4]]);
  });

  it('gathers what arrives while batches are in flight into the next, up to the batch size', async () => {
    const r = recorder();
    r.hold();
    const submit = groupCommit(r.apply, { maxBatch: 3, concurrency: 1 });
    const first = submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4, 5].map(submit);
    r.release();

    await Promise.all([first, ...later]);
    expect(r.batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('answers each message with its own result: one failure fails that message alone', async () => {
    const r = recorder((item) => item === 2);
    const submit = groupCommit(r.apply, { maxBatch: 10, concurrency: 2 });

    const results = await Promise.allSettled([submit(1), submit(2), submit(3)]);

    expect(results.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('fails every message of a batch whose applier throws, and goes on with the next', async () => {
    let calls = 0;
    const submit = groupCommit(
      async (items: number[]): Promise<PromiseSettledResult<number>[]> => {
        if (calls++ === 0) throw new Error('database unavailable');
        return items.map((value) => ({ status: 'fulfilled', value }));
      },
      { maxBatch: 10, concurrency: 1 },
    );

    await expect(Promise.all([submit(1), submit(2)])).rejects.toThrow('database unavailable');
    expect(await submit(3)).toBe(3);
  });
});
