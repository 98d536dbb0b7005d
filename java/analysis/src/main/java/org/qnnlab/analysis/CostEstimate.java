package org.qnnlab.analysis;

import java.util.List;
import java.util.Locale;
import org.qnnlab.sim.Circuit;

/**
 * Up-front run-time estimates for the analyses, so that a command can refuse work it estimates above
 * {@value #MAX_SECONDS} s before starting it (and say what to reduce). The model: every gate touches every amplitude
 * once, at {@value #SECONDS_PER_AMPLITUDE_GATE} s per amplitude and gate on one core, a deliberately simple and
 * conservative figure for the scalar-to-vector range of kernels on small states (see bench/README.md for measured
 * gate rates). On small states a gate costs its fixed overhead (compiling and dispatching it, the pass's own
 * bookkeeping), not its amplitudes, so every gate counts at least {@value #MIN_AMPLITUDES_PER_GATE} amplitudes: without
 * that floor {@code analyze ntk --steps 10000000} on 2 qubits was estimated at 90 s and would have run for hours
 * (measured: about 0.35 ms per sample Jacobian of 48 gate applications on 2 qubits, ~7 µs a gate). An estimate only
 * decides whether to start; it is not a prediction of the run time.
 */
public final class CostEstimate {

    /** Rough cost of applying one gate to one amplitude on one core, in seconds. */
    public static final double SECONDS_PER_AMPLITUDE_GATE = 3e-9;

    /** The fewest amplitudes a gate is counted for: its fixed overhead, ~2^11 amplitudes' worth (see above). */
    public static final int MIN_AMPLITUDES_PER_GATE = 1 << 11;

    /** Analyses whose estimate exceeds this many seconds are refused before any work. */
    public static final double MAX_SECONDS = 3600;

    private CostEstimate() {
    }

    /**
     * {@code passes} circuit passes over {@code gates} gates on n qubits:
     * {@code passes × gates × max(2^n, MIN_AMPLITUDES_PER_GATE) × c}.
     */
    public static double seconds(long passes, long gates, int n) {
        return passes * (double) gates * Math.max(Math.scalb(1.0, n), MIN_AMPLITUDES_PER_GATE)
                * SECONDS_PER_AMPLITUDE_GATE;
    }

    /**
     * An {@link Overparametrization#sweep} over these circuits with {@code points} points per depth: per point M
     * derivative states (and ψ) through the gates, then M(M+1)/2 inner products of about one gate each.
     */
    public static double overparametrization(List<Circuit> circuits, int points) {
        double s = 0;
        for (Circuit c : circuits) {
            long m = c.numParameters();
            s += seconds(points * (m + 1), c.size(), c.numQubits()) + seconds(points * (m * (m + 1) / 2), 1,
                    c.numQubits());
        }
        return s;
    }

    /**
     * {@link Landscape#explore} of one circuit: per initialization up to max-steps adjoint gradients (about 4 circuit
     * passes each), plus 2M gradients for the Hessian when it is on.
     */
    public static double landscape(Circuit circuit, Landscape.Options options) {
        long passes = (long) options.inits() * 4L * (options.optimizer().maxSteps()
                + (options.hessian() ? 2L * circuit.numParameters() : 0));
        return seconds(passes, circuit.size(), circuit.numQubits());
    }

    /**
     * {@link Landscape#exploreAll} of one noisy circuit ({@code noisy}: gates and channels): per initialization up to
     * max-steps density-matrix adjoint gradients of about 5 passes per gate or channel (two forward runs, a backward
     * sweep of three) over the 2n-qubit vector, plus 2M of them for the Hessian when it is on.
     */
    public static double landscapeNoisy(Circuit noisy, Landscape.Options options) {
        long gradients = (long) options.inits() * (options.optimizer().maxSteps()
                + (options.hessian() ? 2L * noisy.numParameters() : 0));
        return seconds(gradients, 5L * (noisy.size() + noisy.channels().size()), 2 * noisy.numQubits());
    }

    /**
     * A {@link TangentKernelStudy} over {@code gammas} values: per γ and step one batched adjoint Jacobian, about 4
     * circuit passes per sample.
     */
    public static double tangentKernel(Circuit circuit, int samples, int steps, int gammas) {
        return seconds(4L * (steps + 1) * samples * gammas, circuit.size(), circuit.numQubits());
    }

    /**
     * Refuses, before any work, a run estimated above {@value #MAX_SECONDS} s, in one line: {@code <what> would take
     * about N s (estimate: <model> × max(2^n, 2048) × c s), more than the 3600 s allowed; reduce <reduce>}.
     *
     * @param what   the run, e.g. {@code "this sweep"} or the options that size it
     * @param model  what is counted, e.g. {@code "points × (M + 1) state passes × gates"}
     * @param reduce what the user can make smaller, e.g. {@code "--qubits, --layers or --points"}
     * @throws IllegalArgumentException when {@code seconds > MAX_SECONDS}
     */
    public static void refuseAbove(double seconds, String what, String model, String reduce) {
        if (seconds > MAX_SECONDS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s would take about %.0f s "
                    + "(estimate: %s × max(2^n, %d) × %.0e s), more than the %.0f s allowed; reduce %s", what, seconds,
                    model, MIN_AMPLITUDES_PER_GATE, SECONDS_PER_AMPLITUDE_GATE, MAX_SECONDS, reduce));
        }
    }
}
