/**
 * Training: the {@link org.pase4j.train.Trainer}'s loop over epochs, fed by
 * {@link org.pase4j.train.TrainingCorpus} (the splits) and {@link org.pase4j.train.TrainingInputs} (batches,
 * their corrupted encoder input and every worker's target, made on the loader thread by
 * {@link org.pase4j.train.Labelling}); the {@link org.pase4j.train.TrainStep} that runs encoder and workers
 * with native memory scoped to the step; optimisers whose state is saved; {@link org.pase4j.train.Checkpoints};
 * and {@link org.pase4j.train.TrainingListener}s (progress bar, {@code losses.csv}, a notebook's plot) told of
 * every step, epoch and checkpoint.
 */
package org.pase4j.train;
