package org.pase4j.downstream;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The usual measures of a speaker-verification system, from one score per trial (higher: more likely
 * the same speaker) and whether the trial is a target (same-speaker) trial.
 *
 * <p>Accepting every trial whose score is at least a threshold gives, for each threshold, a false-alarm
 * rate (non-target trials accepted) and a miss rate (target trials rejected); the thresholds run over
 * every distinct score, from accepting nothing to accepting everything, as in scikit-learn's
 * {@code roc_curve}. The <b>equal error rate</b> is where the two rates meet, linearly interpolated
 * between the two operating points that bracket the crossing. The <b>minimum detection cost</b> is
 * {@code min over thresholds of C_miss·P_miss·p + C_fa·P_fa·(1 − p)}, divided by the cost of the better
 * trivial system, {@code min(C_miss·p, C_fa·(1 − p))} (NIST SRE and VoxCeleb practice), so 1 means no
 * better than always rejecting or always accepting.
 *
 * @param eer the equal error rate, in [0, 1]
 * @param minDcf the normalised minimum detection cost
 * @param targets target trials
 * @param nonTargets non-target trials
 * @param falseAlarms the false-alarm rate of every operating point, from accepting nothing to everything
 * @param misses the miss rate of every operating point, in the same order
 */
public record VerificationMetrics(double eer, double minDcf, int targets, int nonTargets, double[] falseAlarms,
        double[] misses) {

    /** The prior of a target trial in the detection cost: the VoxCeleb and SpeechBrain setting. */
    public static final double P_TARGET = 0.01;
    /** The cost of a miss. */
    public static final double C_MISS = 1;
    /** The cost of a false alarm. */
    public static final double C_FA = 1;

    /** @return all trials */
    public int trials() {
        return targets + nonTargets;
    }

    /**
     * Computes the measures with {@link #P_TARGET}, {@link #C_MISS} and {@link #C_FA}.
     *
     * @param scores one score per trial
     * @param target whether each trial is a target trial
     * @return the measures
     * @throws IllegalArgumentException if the arrays differ in length, a score is not finite, or there
     *     is no target or no non-target trial
     */
    public static VerificationMetrics of(double[] scores, boolean[] target) {
        return of(scores, target, P_TARGET, C_MISS, C_FA);
    }

    /**
     * Computes the measures.
     *
     * @param scores one score per trial
     * @param target whether each trial is a target trial
     * @param pTarget the target prior of the detection cost
     * @param cMiss the cost of a miss
     * @param cFa the cost of a false alarm
     * @return the measures
     * @throws IllegalArgumentException if the arrays differ in length, a score is not finite, or there
     *     is no target or no non-target trial
     */
    public static VerificationMetrics of(double[] scores, boolean[] target, double pTarget, double cMiss, double cFa) {
        if (scores.length != target.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + target.length + " trials");
        }
        int targets = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("trial " + i + " has score " + scores[i] + ", expected a finite one");
            }
            targets += target[i] ? 1 : 0;
        }
        int nonTargets = scores.length - targets;
        if (targets == 0 || nonTargets == 0) {
            throw new IllegalArgumentException(targets + " target and " + nonTargets
                    + " non-target trials: verification needs both");
        }
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        double[] fa = new double[scores.length + 1];
        double[] miss = new double[scores.length + 1];
        int points = 0;
        fa[0] = 0;
        miss[0] = 1;
        int acceptedTargets = 0;
        int acceptedNonTargets = 0;
        for (int k = 0; k < order.length; k++) {
            if (target[order[k]]) {
                acceptedTargets++;
            } else {
                acceptedNonTargets++;
            }
            boolean lastOfTie = k == order.length - 1 || scores[order[k + 1]] != scores[order[k]];
            if (lastOfTie) {
                points++;
                fa[points] = acceptedNonTargets / (double) nonTargets;
                miss[points] = 1 - acceptedTargets / (double) targets;
            }
        }
        fa = Arrays.copyOf(fa, points + 1);
        miss = Arrays.copyOf(miss, points + 1);
        double norm = Math.min(cMiss * pTarget, cFa * (1 - pTarget));
        double minDcf = Double.POSITIVE_INFINITY;
        for (int k = 0; k <= points; k++) {
            minDcf = Math.min(minDcf, (cMiss * miss[k] * pTarget + cFa * fa[k] * (1 - pTarget)) / norm);
        }
        return new VerificationMetrics(equalErrorRate(fa, miss), minDcf, targets, nonTargets, fa, miss);
    }

    /** Where the miss rate (falling) meets the false-alarm rate (rising), on the segment that crosses. */
    private static double equalErrorRate(double[] fa, double[] miss) {
        for (int k = 1; k < fa.length; k++) {
            if (miss[k] <= fa[k]) {
                double before = miss[k - 1] - fa[k - 1];
                double after = miss[k] - fa[k];
                double t = before / (before - after);
                return fa[k - 1] + t * (fa[k] - fa[k - 1]);
            }
        }
        throw new IllegalStateException("the rates always meet: the last point accepts every trial");
    }
}
