import { CheckpointGate } from './checkpoint-gate';

const FAR = () => performance.now() + 60_000;
/** Lets every settled promise's callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('CheckpointGate', () => {
  test('readers share it; a rewrite waits for every reader inside to leave', async () => {
    const gate = new CheckpointGate();
    const [a, b] = [await gate.shared(FAR()), await gate.shared(FAR())];
    expect(gate.sharedHolders).toBe(2);
    let rewriting = false;
    const rewrite = gate.exclusive().then((leave) => ((rewriting = true), leave));
    a();
    await settle();
    expect(rewriting).toBe(false);
    b();
    (await rewrite)();
    expect(rewriting).toBe(true);
    expect(gate.sharedHolders).toBe(0);
  });

  test('a waiting rewrite goes before readers that come after it; they enter together once it is done', async () => {
    const gate = new CheckpointGate();
    const first = await gate.shared(FAR());
    const order: string[] = [];
    const rewrite = gate.exclusive().then((leave) => (order.push('rewrite'), leave));
    const late = [gate.shared(FAR()), gate.shared(FAR())].map((p) => p.then((leave) => (order.push('reader'), leave)));
    await settle();
    expect(order).toEqual([]);
    first();
    const leaveRewrite = await rewrite;
    await settle();
    expect(order).toEqual(['rewrite']);
    leaveRewrite();
    const leaves = await Promise.all(late);
    expect(order).toEqual(['rewrite', 'reader', 'reader']);
    expect(gate.sharedHolders).toBe(2);
    for (const leave of leaves) leave();
    expect(gate.sharedHolders).toBe(0);
  });

  test('a reader waits no longer than its deadline, and leaving twice counts once', async () => {
    const gate = new CheckpointGate();
    const leaveRewrite = await gate.exclusive();
    await expect(gate.shared(performance.now() + 20)).rejects.toMatchObject({ code: 'CYPHER_TIMEOUT' });
    leaveRewrite();
    leaveRewrite();
    const leave = await gate.shared(FAR());
    leave();
    leave();
    expect(gate.sharedHolders).toBe(0);
    // Free again: a rewrite enters at once.
    (await gate.exclusive())();
  });

  test('a reader with no deadline waits out a long rewrite and enters when it ends', async () => {
    jest.useFakeTimers();
    try {
      const gate = new CheckpointGate();
      const leaveRewrite = await gate.exclusive();
      let entered = false;
      const reader = gate.shared(Infinity).then((leave) => ((entered = true), leave));
      // Past what setTimeout can hold (2^31 ms): a timer there would fire at once and refuse the reader.
      jest.advanceTimersByTime(2 ** 31 + 1000);
      await Promise.resolve();
      expect(entered).toBe(false);
      leaveRewrite();
      (await reader)();
      expect(entered).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
