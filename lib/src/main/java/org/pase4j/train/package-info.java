/**
 * Training: optimisers whose state can be saved, and the training step that runs the encoder and all
 * workers on a batch with native memory scoped to the step.
 */
package org.pase4j.train;
