import { describe, expect, test } from 'vitest';
import { cpuLimitFrom, judgeScaling } from '../../../bench/e2e/scaling-verdict.js';

const point = {
  processes: 1,
  concurrency: 4,
  mails: 100,
  seconds: 1.5,
  cpuSeconds: 0.3,
  machineCpusBusy: 0.5,
};

describe('judgeScaling', () => {
  test('the target is 0.8 x mails in flight per delay', () => {
    const verdict = judgeScaling(point, 50, 2);
    expect(verdict.targetPerSec).toBeCloseTo(64);
    expect(verdict.mailsPerSec).toBeCloseTo(66.67, 1);
    expect(verdict.limit).toBe('met');
  });

  test('below target with the CPUs busy: the CPUs are the limit', () => {
    const verdict = judgeScaling(
      { ...point, concurrency: 64, seconds: 1, cpuSeconds: 1.5, machineCpusBusy: 1.9 },
      50,
      2,
    );
    expect(verdict.ofTarget).toBeLessThan(1);
    expect(verdict.cpusBusy).toBeCloseTo(1.5);
    expect(verdict.limit).toBe('cpu');
  });

  test('below target with idle CPUs: something else held it back', () => {
    expect(judgeScaling({ ...point, seconds: 10, cpuSeconds: 1, machineCpusBusy: 0.7 }, 50, 2).limit).toBe(
      'other',
    );
  });

  test('processes count like concurrency', () => {
    expect(judgeScaling({ ...point, processes: 4 }, 50, 2).targetPerSec).toBeCloseTo(256);
  });
});

test('cpuLimitFrom names the first CPU-bound point', () => {
  const met = judgeScaling(point, 50, 2);
  const bound = judgeScaling(
    { ...point, concurrency: 16, seconds: 2, cpuSeconds: 3, machineCpusBusy: 1.8 },
    50,
    2,
  );
  expect(cpuLimitFrom([met, bound, bound])).toBe(bound);
  expect(cpuLimitFrom([met])).toBeUndefined();
});
