/**
 * Labellers: the targets of PASE's workers, computed from the clean anchor chunk of each batch.
 */
package org.pase4j.label;
