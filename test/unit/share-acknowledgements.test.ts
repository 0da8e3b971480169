import { describe, expect, it } from 'vitest';
import { acknowledgementBatches } from '../../src/core/kafkajs/share-consumer.js';

describe('share consumer acknowledgements', () => {
  it('runs of consecutive offsets with one type become one batch; a gap or another type starts the next', () => {
    const acks = new Map([[12, 1], [10, 1], [11, 1], [13, 2], [14, 2], [16, 2], [17, 0], [18, 3]]);
    expect(acknowledgementBatches(acks)).toEqual([
      { firstOffset: 10, lastOffset: 12, acknowledgeTypes: [1] },
      { firstOffset: 13, lastOffset: 14, acknowledgeTypes: [2] },
      { firstOffset: 16, lastOffset: 16, acknowledgeTypes: [2] },
      { firstOffset: 17, lastOffset: 17, acknowledgeTypes: [0] },
      { firstOffset: 18, lastOffset: 18, acknowledgeTypes: [3] },
    ]);
    expect(acknowledgementBatches(new Map())).toEqual([]);
  });
});
