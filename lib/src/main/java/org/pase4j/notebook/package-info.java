/**
 * What the Java notebooks in {@code notebooks/} share, so that their cells hold one or two calls instead of
 * plumbing: {@link org.pase4j.notebook.Notebooks} reads their settings (fast mode, download, folders) and
 * tables a run's losses; {@link org.pase4j.notebook.Charts}, {@link org.pase4j.notebook.HeatMap} and
 * {@link org.pase4j.notebook.LossCharts} draw with XChart (axes in units, colour bars, a palette that does
 * not repeat); {@link org.pase4j.notebook.StepLossLog} keeps every training step's losses for the plots;
 * {@link org.pase4j.notebook.WorkerPrediction} compares a trained worker's prediction with its target.
 */
package org.pase4j.notebook;
