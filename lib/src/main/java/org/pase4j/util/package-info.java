/**
 * Small helpers shared by every package: typed reading of YAML mappings ({@link org.pase4j.util.Options}),
 * YAML and binary files, deleting folder trees, progress bars, seeded random streams and software versions.
 */
package org.pase4j.util;
