/** The {@code pase4j} command line: one picocli subcommand per job. */
package org.pase4j.cli;
