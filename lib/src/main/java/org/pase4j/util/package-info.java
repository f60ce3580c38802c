/** Small helpers shared by every package: progress reporting and seeded random streams. */
package org.pase4j.util;
