/**
 * Benchmarks ({@code pase4j bench}): encoder forward, full training step, labellers, data loading,
 * embedding a corpus one file at a time and in padded batches, resident memory over long training and
 * the encoder's achieved GFLOP/s against a measured matrix-multiply peak. Every timing is a median over
 * repeats after warm-up runs; results are written as JSON and as a Markdown table.
 * {@code bench/side_by_side.sh} runs these measures alternately with the PyTorch reference in
 * {@code bench/reference.py}.
 */
package org.pase4j.bench;
