/**
 * What the Java notebooks in {@code notebooks/} share: {@link org.pase4j.notebook.Notebooks} reads their
 * settings (fast mode, download, folders) and holds their plotting helpers, so each notebook starts with
 * one call instead of a copied settings cell.
 */
package org.pase4j.notebook;
