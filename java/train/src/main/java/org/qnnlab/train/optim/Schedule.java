package org.qnnlab.train.optim;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The learning rate as a function of the step, so decay and warm-up live outside the optimizers. Implementations are
 * pure functions of the step.
 */
@FunctionalInterface
public interface Schedule {

    /**
     * The learning rate at {@code step} (0-based).
     *
     * @throws IllegalArgumentException if {@code step < 0}
     */
    double rate(int step);

    /** {@code lr} at every step; {@code lr} finite and {@code > 0}. */
    static Schedule constant(double lr) {
        requireRate("lr", lr);
        return step -> {
            requireStep(step);
            return lr;
        };
    }

    /**
     * {@code lr · factor^⌊step / every⌋}: multiply by {@code factor} every {@code every} steps (PyTorch's
     * {@code StepLR}).
     *
     * @param every  {@code >= 1}
     * @param factor in {@code (0, 1]}
     */
    static Schedule stepDecay(double lr, int every, double factor) {
        requireRate("lr", lr);
        if (every < 1) {
            throw new IllegalArgumentException("step-decay interval every=" + every + "; allowed: an integer >= 1");
        }
        requireFactor("factor", factor);
        return step -> {
            requireStep(step);
            return lr * Math.pow(factor, step / every);
        };
    }

    /**
     * {@code lr · decay^step} (PyTorch's {@code ExponentialLR}).
     *
     * @param decayPerStep in {@code (0, 1]}
     */
    static Schedule exponential(double lr, double decayPerStep) {
        requireRate("lr", lr);
        requireFactor("decay", decayPerStep);
        return step -> {
            requireStep(step);
            return lr * Math.pow(decayPerStep, step);
        };
    }

    /**
     * Cosine annealing (Loshchilov &amp; Hutter, "SGDR", ICLR 2017, without restarts):
     * {@code minLr + (lr − minLr)·(1 + cos(π·t/T))/2} with {@code t = min(step, T)}: {@code lr} at step 0, {@code minLr}
     * from step {@code T = totalSteps} on.
     *
     * @param totalSteps {@code T >= 1}
     * @param minLr      in {@code [0, lr]}
     */
    static Schedule cosine(double lr, int totalSteps, double minLr) {
        requireRate("lr", lr);
        if (totalSteps < 1) {
            throw new IllegalArgumentException("cosine schedule totalSteps=" + totalSteps
                    + "; allowed: an integer >= 1");
        }
        if (!(minLr >= 0 && minLr <= lr)) {
            throw new IllegalArgumentException("cosine schedule min_lr=" + minLr + "; allowed: [0, lr=" + lr + "]");
        }
        return step -> {
            requireStep(step);
            double progress = (double) Math.min(step, totalSteps) / totalSteps;
            return minLr + (lr - minLr) * (1 + Math.cos(Math.PI * progress)) / 2;
        };
    }

    /**
     * Linear warm-up: {@code inner.rate(step) · (step + 1) / warmupSteps} for {@code step < warmupSteps}, then
     * {@code inner.rate(step)}; on a constant {@code lr} it ramps {@code lr/warmupSteps, 2·lr/warmupSteps, …, lr}.
     * The inner schedule is not shifted: it keeps counting from step 0. Warm-up keeps Adam's first, poorly estimated
     * steps small (Goyal et al., arXiv:1706.02677).
     *
     * @param warmupSteps {@code >= 0}; 0 returns {@code inner}
     */
    static Schedule warmup(Schedule inner, int warmupSteps) {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmup " + warmupSteps + "; allowed: an integer >= 0");
        }
        if (warmupSteps == 0) {
            return inner;
        }
        return step -> {
            double rate = inner.rate(step);
            return step < warmupSteps ? rate * (step + 1) / warmupSteps : rate;
        };
    }

    /**
     * The schedule named {@code kind}, for command lines and config files. Parameters, all optional unless marked:
     * <ul>
     *   <li>{@code constant}: none;</li>
     *   <li>{@code step}: {@code every} (required, whole number), {@code factor} (default 0.1);</li>
     *   <li>{@code exponential}: {@code decay} (required);</li>
     *   <li>{@code cosine}: {@code min_lr} (default 0), annealing over {@code totalSteps};</li>
     *   <li>any: {@code warmup} (whole number of steps, default 0), see {@link #warmup}.</li>
     * </ul>
     *
     * @param params     may be null or empty
     * @param totalSteps the run's length; used by {@code cosine} only
     * @throws IllegalArgumentException naming an unknown kind or parameter with the allowed ones, a missing required
     *                                  parameter, or a value out of range
     */
    static Schedule of(String kind, double lr, Map<String, Double> params, int totalSteps) {
        Map<String, Double> p = params == null ? Map.of() : params;
        List<String> allowed = switch (kind) {
            case "constant" -> List.of("warmup");
            case "step" -> List.of("every", "factor", "warmup");
            case "exponential" -> List.of("decay", "warmup");
            case "cosine" -> List.of("min_lr", "warmup");
            case null, default -> throw new IllegalArgumentException("unknown schedule '" + kind
                    + "'; allowed: constant, step, exponential, cosine");
        };
        for (String key : new TreeSet<>(p.keySet())) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown parameter '" + key + "' for schedule '" + kind
                        + "'; allowed: " + String.join(", ", allowed));
            }
            if (p.get(key) == null) {
                throw new IllegalArgumentException("parameter '" + key + "' for schedule '" + kind + "' has no value");
            }
        }
        Schedule base = switch (kind) {
            case "step" -> stepDecay(lr, wholeNumber(kind, "every", required(kind, p, "every")),
                    p.getOrDefault("factor", 0.1));
            case "exponential" -> exponential(lr, required(kind, p, "decay"));
            case "cosine" -> cosine(lr, totalSteps, p.getOrDefault("min_lr", 0.0));
            default -> constant(lr);
        };
        return warmup(base, wholeNumber(kind, "warmup", p.getOrDefault("warmup", 0.0)));
    }

    private static double required(String kind, Map<String, Double> params, String key) {
        Double value = params.get(key);
        if (value == null) {
            throw new IllegalArgumentException("schedule '" + kind + "' needs parameter '" + key + "'");
        }
        return value;
    }

    private static int wholeNumber(String kind, String key, double value) {
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("parameter '" + key + "' for schedule '" + kind + "' is " + value
                    + "; allowed: a whole number");
        }
        return (int) value;
    }

    private static void requireRate(String what, double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate " + what + "=" + lr + "; allowed: a finite number > 0");
        }
    }

    private static void requireFactor(String what, double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("decay " + what + "=" + factor + "; allowed: (0, 1]");
        }
    }

    private static void requireStep(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("schedule step " + step + "; allowed: an integer >= 0");
        }
    }
}
