package org.qnnlab.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.AdjointGradient;
import org.qnnlab.train.Gradient;
import org.qnnlab.train.Hessian;
import org.qnnlab.train.Parallel;
import org.qnnlab.train.optim.Optimizer;

/**
 * The loss landscape seen by many optimizers: K random initializations of a variational energy minimization
 * {@code E(θ) = <ψ(θ)|H|ψ(θ)>} are each trained to convergence (L-BFGS, or another optimizer, on adjoint
 * gradients), and the fraction that reaches the global minimum is reported, with the Hessian spectrum at each end
 * point (all eigenvalues ≥ 0: a minimum; a negative one: a saddle). Larocca et al. (Nat. Comput. Sci. 3, 542 (2023))
 * show that this fraction jumps towards 1 once the number of parameters passes the overparametrization threshold
 * M_c: the spurious local minima disappear.
 */
public final class Landscape {

    /** Relative size below which a negative Hessian eigenvalue counts as zero (flat directions at a minimum). */
    public static final double FLAT = 1e-6;

    private Landscape() {
    }

    /**
     * One trained initialization.
     *
     * @param seed               the seed of its initial parameters
     * @param finalLoss          the energy it converged to
     * @param steps              optimizer steps taken
     * @param gradientNorm       ‖∇E‖ at the end
     * @param hessianEigenvalues ascending, or null when not computed
     * @param kind               {@code minimum}, {@code saddle} or {@code unclassified} (no Hessian)
     */
    public record Run(long seed, double finalLoss, int steps, double gradientNorm, double[] hessianEigenvalues,
            String kind) {
    }

    /**
     * The runs at one circuit depth.
     *
     * @param parameters      M
     * @param successFraction share of runs within {@code tolerance} of the global minimum
     * @param runs            every run, in seed order
     */
    public record Point(int parameters, double successFraction, List<Run> runs) {
    }

    /**
     * Trains {@code inits} initializations (θ uniform in [0, 2π), seeds {@code seed, seed+1, …}) for at most
     * {@code maxSteps} L-BFGS steps each (stopping when ‖∇E‖ &lt; 1e-7), in parallel.
     *
     * @param globalMinimum the exact minimum (e.g. {@link #groundEnergy})
     * @param tolerance     a run succeeds when its energy is within this of the minimum
     * @param hessian       compute the Hessian spectrum at each end point (2 adjoint gradients per parameter)
     * @param progress      called with the number of finished runs (from worker threads), or null
     * @throws IllegalArgumentException for non-positive counts or tolerance
     */
    public static Point explore(Simulator sim, Circuit circuit, Observable h, double globalMinimum, double tolerance,
            int inits, int maxSteps, long seed, int threads, boolean hessian, IntConsumer progress) {
        return explore(sim, circuit, h, globalMinimum, tolerance, inits, maxSteps, seed, threads, hessian, progress,
                "lbfgs", 1.0);
    }

    /**
     * As {@link #explore(Simulator, Circuit, Observable, double, double, int, int, long, int, boolean, IntConsumer)}
     * with another optimizer ({@code sgd}, {@code momentum}, {@code adam}, {@code lbfgs}) and learning rate.
     */
    public static Point explore(Simulator sim, Circuit circuit, Observable h, double globalMinimum, double tolerance,
            int inits, int maxSteps, long seed, int threads, boolean hessian, IntConsumer progress, String optimizer,
            double learningRate) {
        Optimizer.byName(optimizer); // an unknown name fails before any work
        if (inits < 1 || maxSteps < 1) {
            throw new IllegalArgumentException("inits " + inits + " and max steps " + maxSteps
                    + " must both be 1 or more");
        }
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance " + tolerance + " out of range; allowed: > 0");
        }
        Run[] runs = new Run[inits];
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        Parallel.forEach(inits, threads, i -> {
            runs[i] = train(sim, circuit, h, maxSteps, seed + i, hessian, optimizer, learningRate);
            if (progress != null) {
                progress.accept(done.incrementAndGet());
            }
        });
        int ok = 0;
        for (Run r : runs) {
            if (r.finalLoss() <= globalMinimum + tolerance) {
                ok++;
            }
        }
        return new Point(circuit.numParameters(), (double) ok / inits, List.of(runs));
    }

    private static Run train(Simulator sim, Circuit circuit, Observable h, int maxSteps, long seed, boolean hessian,
            String optimizer, double learningRate) {
        double[] theta = circuit.randomParameters(seed);
        AdjointGradient adj = new AdjointGradient(sim);
        Optimizer opt = Optimizer.byName(optimizer);
        double[] lastGrad = new double[theta.length];
        int steps = 0;
        double gnorm = Double.NaN;
        for (; steps < maxSteps; steps++) {
            boolean[] seen = {false};
            opt.step(theta, (th, g) -> {
                Gradient gr = adj.gradient(circuit, th, null, h);
                System.arraycopy(gr.gradient(), 0, g, 0, g.length);
                if (!seen[0]) {
                    System.arraycopy(g, 0, lastGrad, 0, g.length);
                    seen[0] = true;
                }
                return gr.value();
            }, learningRate);
            gnorm = norm(lastGrad);
            if (gnorm < 1e-7) {
                break;
            }
        }
        Gradient end = adj.gradient(circuit, theta, null, h);
        gnorm = norm(end.gradient());
        double[] ev = null;
        String kind = "unclassified";
        if (hessian) {
            ev = Spectra.symmetricEigenvalues(Hessian.compute(sim, circuit, theta, null, h));
            double scale = Math.max(Math.abs(ev[0]), Math.abs(ev[ev.length - 1]));
            kind = ev[0] >= -FLAT * Math.max(scale, 1e-12) ? "minimum" : "saddle";
        }
        return new Run(seed, end.value(), steps, gnorm, ev, kind);
    }

    /** The smallest eigenvalue of {@code h} on n qubits (n ≤ 12): dense diagonalization by {@link Wishart#spectrum}. */
    public static double groundEnergy(Observable h, int n) {
        if (n < 1 || n > Wishart.MAX_DENSE_QUBITS) {
            throw new IllegalArgumentException("exact ground energy needs a dense 2^n matrix; n = " + n
                    + " out of range; allowed: 1.." + Wishart.MAX_DENSE_QUBITS);
        }
        return Wishart.spectrum(h, n)[0];
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** The final energies of a point's runs, in seed order. */
    public static double[] finalLosses(Point p) {
        List<Double> l = new ArrayList<>();
        for (Run r : p.runs()) {
            l.add(r.finalLoss());
        }
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
