/**
 * Trained models on disk, in one place: {@link org.pase4j.io.ModelFiles} loads an encoder or a whole model
 * from a checkpoint folder, a training output folder or a {@code .npz} file, writes the model part of a
 * checkpoint and exports to {@code .npz}. Depends on {@code config}, {@code interop}, {@code model} and
 * {@code label}; used by {@code train}, {@code downstream}, {@code bench} and {@code cli}.
 */
package org.pase4j.io;
