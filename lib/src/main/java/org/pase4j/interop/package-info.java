/**
 * Weights that travel between pase4j and PyTorch: {@link org.pase4j.interop.Npz} reads and writes
 * NumPy {@code .npz} archives of {@link org.pase4j.interop.NpyArray}s, and
 * {@link org.pase4j.interop.Weights} exports an encoder or a whole model (workers included) to one and
 * imports it back. The keys are the state-dict keys of the PyTorch mirror in
 * {@code python/pase4j_torch}, so a PyTorch user loads a file in one line; {@code docs/interop.md}
 * describes the format.
 */
package org.pase4j.interop;
