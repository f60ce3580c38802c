package org.pase4j;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a test needs from the machine (Debian's PyTorch, scikit-learn): a missing one fails the test with the
 * line that installs it, so that a run never passes by skipping silently. {@code -Dpase4j.allowMissing=true}
 * turns such failures into skips, on purpose.
 */
public final class Prerequisites {

    private Prerequisites() {}

    /**
     * Requires a prerequisite.
     *
     * @param present whether the machine has it
     * @param what what is missing, e.g. "a Python with PyTorch and NumPy"
     * @param install the command that installs it
     */
    public static void require(boolean present, String what, String install) {
        if (present) {
            return;
        }
        String message = "missing: " + what + "; install it with `" + install + "` (bash tools/test.sh does), or run"
                + " with -Dpase4j.allowMissing=true to skip the tests that need it";
        if (Boolean.getBoolean("pase4j.allowMissing")) {
            assumeTrue(false, message);
        }
        fail(message);
    }
}
