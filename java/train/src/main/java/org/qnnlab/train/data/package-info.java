/**
 * Datasets for training quantum neural networks: an immutable {@link org.qnnlab.train.data.Dataset} of feature rows
 * and real targets, synthetic generators in {@link org.qnnlab.train.data.Datasets} (teacher-labelled, parity, two
 * moons, transverse-field Ising phases, and the empty dataset a VQE trains on) and CSV loading in
 * {@link org.qnnlab.train.data.CsvDataset}.
 *
 * <p>Everything random draws from a caller-supplied {@link java.util.random.RandomGenerator} through
 * {@code nextDouble()}, {@code nextInt(bound)} and {@code nextGaussian()} only, so results are reproducible from a
 * seeded generator such as {@code new java.util.SplittableRandom(seed)}.
 */
package org.qnnlab.train.data;
