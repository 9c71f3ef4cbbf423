import fc from 'fast-check';

/**
 * Every property in the suite runs from one seed (SEGMENT_FUZZ_SEED, default below), so a run is
 * repeatable and a failure prints the seed and path to replay it; set another seed to explore.
 */
fc.configureGlobal({ seed: Number(process.env.SEGMENT_FUZZ_SEED ?? 20_261_202) });
