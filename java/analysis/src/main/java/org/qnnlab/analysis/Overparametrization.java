package org.qnnlab.analysis;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.Ensemble;
import org.qnnlab.analysis.ensemble.EnsembleJob;
import org.qnnlab.analysis.ensemble.EnsembleRunner;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.noise.DensityMatrixSimulator;
import org.qnnlab.sim.noise.NoiseModel;
import org.qnnlab.sim.noise.NoisyExpectation;

/**
 * The overparametrization threshold of a QNN: the generic rank of the quantum Fisher information matrix (QFIM) against
 * the number of parameters M over a depth sweep, the critical parameter count M_c at which it saturates, and the
 * dimension of the dynamical Lie algebra (DLA) that bounds it. M. Larocca, N. Ju, D. García-Martín, P. J. Coles,
 * M. Cerezo, "Theory of overparametrization in quantum neural networks", Nat. Comput. Sci. 3, 542 (2023): the rank
 * of the QFIM at a generic point, R(M), grows with M until M_c and then stays at its saturation value R, which is at
 * most dim g (their Theorem 1 bounds the rank by the DLA dimension); past M_c spurious local minima start to vanish.
 *
 * <p><b>Generic rank.</b> The rank at one point is fragile near M_c: genuine eigenvalues can fall to ~1e-11 of λ_max
 * at an unlucky point while true zeros sit at rounding level (~1e-16), so a fixed relative tolerance counts such a
 * point one short and puts M_c a layer late. Here the rank at a depth is the <em>maximum over K random points</em>
 * (point k draws θ from {@link Circuit#randomParameters(long) circuit.randomParameters(seed + k)}, the same seeds at
 * every depth), and the tolerance is chosen from the spectra themselves ({@link #chooseCut}): the eigenvalues of all K
 * points, relative to their own λ_max, are pooled, and the cut is placed in the first gap of at least
 * {@value #CLEAR_GAP}× above the rounding floor {@code M·ε}. The smallest kept and largest dropped eigenvalue are
 * reported; when no gap is that wide, or the dropped eigenvalues lie far above rounding, a warning says so.
 *
 * <p><b>M_c</b> is the first parameter count of the sweep at which the generic rank reaches its largest value over
 * the sweep (the saturated rank R); {@link Sweep#saturated()} says whether the last two depths agree, i.e. whether
 * the sweep reached the plateau at all. Ranks are integers decided by wide gaps, so one seed gives the same answer on
 * every kernel and thread count (the eigenvalues differ only at rounding level).
 *
 * <pre>{@code
 * Simulator sim = Simulator.create();
 * Overparametrization.Sweep s = Overparametrization.sweep(sim,
 *         l -> Ansatz.hvaTfim(4, l, Boundary.OPEN), new int[] {1, 2, 3, 4, 5, 6, 7, 8},
 *         Overparametrization.Options.defaults(), null);
 * s.saturatedRank();        // R
 * s.criticalParameters();   // M_c
 * s.dlaDimension();         // dim g (16 = n² for the open TFIM chain)
 * }</pre>
 */
public final class Overparametrization {

    /** Random points per depth by default: enough that an unlucky point is outvoted (issue 12 asks for ≥ 4). */
    public static final int DEFAULT_POINTS = 4;

    /** Largest relative eigenvalue that may be taken for a rounding zero when placing the cut. */
    public static final double MAX_ZERO = 1e-8;

    /** Smallest ratio (smallest kept / largest dropped) that counts as a clear spectral gap. */
    public static final double CLEAR_GAP = 1e3;

    /**
     * Dropped eigenvalues more than this factor above the rounding floor {@code M·ε} get a warning: they may be
     * genuine directions that are merely small at every point drawn.
     */
    public static final double ABOVE_ROUNDING = 1e4;

    private Overparametrization() {
    }

    /**
     * Options of a sweep.
     *
     * @param points          random parameter points per depth, K ≥ 1
     * @param seed            point k uses {@code circuit.randomParameters(seed + k)}
     * @param dla             whether to compute the DLA dimension of the deepest circuit's generators
     * @param maxDlaDimension the closure stops at this many elements ({@link Dla#closure})
     * @param keepQfims       whether each {@link Depth} keeps the QFIM of its generic point ({@link Depth#qfim()});
     *                        off by default, since a sweep then holds Σ M² doubles until it is dropped
     */
    public record Options(int points, long seed, boolean dla, int maxDlaDimension, boolean keepQfims)
            implements Serializable {

        /** Checks the counts. */
        public Options {
            if (points < 1 || points > 10_000) {
                throw new IllegalArgumentException("points " + points + " out of range; allowed: 1..10000");
            }
            if (maxDlaDimension < 1 || maxDlaDimension > Dla.MAX_DIMENSION) {
                throw new IllegalArgumentException("max DLA dimension " + maxDlaDimension + " out of range; allowed: 1.."
                        + Dla.MAX_DIMENSION);
            }
        }

        /** Options that keep no QFIM. */
        public Options(int points, long seed, boolean dla, int maxDlaDimension) {
            this(points, seed, dla, maxDlaDimension, false);
        }

        /** {@link Overparametrization#DEFAULT_POINTS} points, seed 1, with the DLA (closure capped at 100000). */
        public static Options defaults() {
            return new Options(DEFAULT_POINTS, 1, true, 100_000);
        }

        /** These options with another seed. */
        public Options withSeed(long s) {
            return new Options(points, s, dla, maxDlaDimension, keepQfims);
        }

        /** These options with another number of points. */
        public Options withPoints(int k) {
            return new Options(k, seed, dla, maxDlaDimension, keepQfims);
        }

        /** These options keeping, or not, each depth's QFIM at its generic point. */
        public Options withQfims(boolean keep) {
            return new Options(points, seed, dla, maxDlaDimension, keep);
        }
    }

    /**
     * Where the rank cut lies in a set of relative spectra.
     *
     * @param tolerance      the relative cut τ: an eigenvalue counts when {@code λ ≥ τ·λ_max}
     * @param smallestKept   the smallest relative eigenvalue kept at any point (NaN if none)
     * @param largestDropped the largest positive relative eigenvalue dropped at any point (0 if none)
     * @param clear          whether {@code smallestKept / largestDropped ≥ }{@value #CLEAR_GAP}
     * @param warning        a one-line explanation when the gap is not clear or the dropped eigenvalues are far above
     *                       rounding; null otherwise
     */
    public record Cut(double tolerance, double smallestKept, double largestDropped, boolean clear, String warning) {

        /** The ratio smallest kept / largest dropped (infinite when nothing positive was dropped). */
        public double gap() {
            return largestDropped > 0 ? smallestKept / largestDropped : Double.POSITIVE_INFINITY;
        }
    }

    /**
     * The generic rank at one depth.
     *
     * @param layers     the depth (as passed to the sweep; 0 when computed for a lone circuit)
     * @param parameters M
     * @param pointRanks the rank at each of the K points, in point order
     * @param rank       the generic rank: the maximum of {@code pointRanks}
     * @param cut        the tolerance and the gap it sits in
     * @param maxEigenvalue the largest λ_max over the points
     * @param qfim       the QFIM at the {@linkplain #genericPoint() generic point}, M × M, when the sweep was asked to
     *                   keep it ({@link Options#keepQfims()}); null otherwise
     */
    public record Depth(int layers, int parameters, int[] pointRanks, int rank, Cut cut, double maxEigenvalue,
            double[][] qfim) {

        /** Copies the ranks and the QFIM. */
        public Depth {
            pointRanks = pointRanks.clone();
            qfim = qfim == null ? null : Arrays.stream(qfim).map(double[]::clone).toArray(double[][]::new);
        }

        /** A copy of the rank at each point. */
        @Override
        public int[] pointRanks() {
            return pointRanks.clone();
        }

        /** A copy of the QFIM at the generic point, or null when it was not kept. */
        @Override
        public double[][] qfim() {
            return qfim == null ? null : Arrays.stream(qfim).map(double[]::clone).toArray(double[][]::new);
        }

        /**
         * The first point whose rank is the generic rank: point k, θ = {@code circuit.randomParameters(seed + k)}.
         */
        public int genericPoint() {
            for (int k = 0; k < pointRanks.length; k++) {
                if (pointRanks[k] == rank) {
                    return k;
                }
            }
            throw new IllegalStateException("no point has the generic rank " + rank);
        }

        /** The lowest single-point rank: below {@link #rank()} when some point was unlucky. */
        public int minPointRank() {
            return Arrays.stream(pointRanks).min().orElse(0);
        }
    }

    /**
     * A depth sweep at one qubit count.
     *
     * @param qubits             n
     * @param depths             one entry per depth, in sweep order
     * @param saturatedRank      R: the largest generic rank of the sweep
     * @param criticalParameters M_c: the first M whose generic rank is R (null for an empty sweep)
     * @param saturated          whether the last two depths have the same generic rank (the plateau was reached)
     * @param dlaDimension       dim g of the deepest circuit's generators, or null when not computed
     * @param dlaTruncated       whether the closure stopped at the cap (dim g is then larger)
     */
    public record Sweep(int qubits, List<Depth> depths, int saturatedRank, Integer criticalParameters,
            boolean saturated, Integer dlaDimension, boolean dlaTruncated) {

        /** Copies the list. */
        public Sweep {
            depths = List.copyOf(depths);
        }

        /** Warnings of the depths whose gap was not clear, prefixed with their depth. */
        public List<String> warnings() {
            List<String> w = new ArrayList<>();
            for (Depth d : depths) {
                if (d.cut().warning() != null) {
                    w.add("layers " + d.layers() + " (M = " + d.parameters() + "): " + d.cut().warning());
                }
            }
            return w;
        }

        /**
         * Whether the measured saturation rank respects the theory bound R ≤ dim g (Larocca et al., Theorem 1);
         * true when the DLA was not computed or was truncated (no bound to check).
         */
        public boolean withinDlaBound() {
            return dlaDimension == null || dlaTruncated || saturatedRank <= dlaDimension;
        }
    }

    /**
     * The generic QFIM rank of {@code circuit} (no data inputs) over K random points: the QFIM at each point
     * ({@link Qfim#compute}), the cut from the pooled spectra ({@link #chooseCut}), the rank at each point and their
     * maximum.
     *
     * @throws IllegalArgumentException if points &lt; 1, the circuit takes data inputs, or the states do not fit
     */
    public static Depth genericRank(Simulator sim, Circuit circuit, int points, long seed) {
        return genericRank(sim, circuit, 0, points, seed, false);
    }

    private static Depth genericRank(Simulator sim, Circuit circuit, int layers, int points, long seed,
            boolean keepQfim) {
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(circuit, "circuit");
        if (points < 1) {
            throw new IllegalArgumentException("points " + points + " out of range; allowed: 1 or more");
        }
        checkNoInputs(circuit);
        List<PointSpectrum> spectra = new ArrayList<>();
        for (int k = 0; k < points; k++) {
            spectra.add(PointSpectrum.of(sim, circuit, seed + k, keepQfim));
        }
        return depth(layers, circuit.numParameters(), spectra, keepQfim);
    }

    private static void checkNoInputs(Circuit circuit) {
        if (circuit.numInputs() > 0) {
            throw new IllegalArgumentException("the circuit takes " + circuit.numInputs() + " data inputs; the QFIM "
                    + "rank sweep needs a circuit of trainable parameters only");
        }
    }

    /**
     * The QFIM's eigenvalues at one random point (ascending), and the QFIM itself when asked: one task of a sweep.
     *
     * @param eigenvalues ascending
     * @param qfim        the M × M QFIM, or null when not kept
     */
    record PointSpectrum(double[] eigenvalues, double[][] qfim) implements Serializable {

        static PointSpectrum of(Simulator sim, Circuit circuit, long seed, boolean keepQfim) {
            return of(Qfim.compute(sim, circuit, circuit.randomParameters(seed), null), keepQfim);
        }

        /** The spectrum of the QFIM {@code f}, keeping {@code f} when asked. */
        static PointSpectrum of(double[][] f, boolean keepQfim) {
            return new PointSpectrum(Spectra.symmetricEigenvalues(f), keepQfim ? f : null);
        }
    }

    /** The generic rank at one depth from its points' spectra (in point order). */
    private static Depth depth(int layers, int m, List<PointSpectrum> spectra, boolean keepQfim) {
        int points = spectra.size();
        double[][] relative = new double[points][];
        double maxEv = 0;
        for (int k = 0; k < points; k++) {
            double[] ev = spectra.get(k).eigenvalues();
            double top = ev.length == 0 ? 0 : ev[ev.length - 1];
            maxEv = Math.max(maxEv, top);
            relative[k] = new double[ev.length];
            for (int i = 0; i < ev.length; i++) {
                relative[k][i] = top > 0 ? ev[i] / top : 0;
            }
        }
        Cut cut = chooseCut(relative, m);
        int[] ranks = new int[points];
        int best = 0;
        for (int k = 0; k < points; k++) {
            for (double r : relative[k]) {
                if (r > 0 && r >= cut.tolerance()) {
                    ranks[k]++;
                }
            }
            best = Math.max(best, ranks[k]);
        }
        Depth d = new Depth(layers, m, ranks, best, cut, maxEv, null);
        return keepQfim ? new Depth(layers, m, ranks, best, cut, maxEv, spectra.get(d.genericPoint()).qfim()) : d;
    }

    /**
     * Places the rank cut in a set of spectra, each relative to its own λ_max (any order; non-positive values are
     * zeros and always dropped). Values at or below the rounding floor {@code f = M·ε} ({@code ε = 2^−52}: a computed
     * eigenvalue of an exactly singular PSD matrix is of order {@code ‖δF‖ ≲ M·ε·λ_max}) are zeros too. Above the
     * floor the positive values are pooled and sorted, and the gaps between consecutive values {@code v_i < v_{i+1}}
     * with {@code v_i ≤ }{@value #MAX_ZERO} are scanned upwards from the floor: the cut goes at the geometric mean of
     * the <em>first</em> gap of at least {@value #CLEAR_GAP}× (the zero cluster ends there; a wider hole higher up lies
     * between genuine eigenvalues and must not be taken), or, when no gap is that wide, of the widest one (then
     * {@link Cut#clear()} is false and {@link Cut#warning()} says so).
     *
     * @param parameters M, for the rounding floor
     * @throws IllegalArgumentException on a non-finite value
     */
    public static Cut chooseCut(double[][] relativeSpectra, int parameters) {
        double floor = Math.max(1, parameters) * Math.ulp(1.0);
        List<Double> pooled = new ArrayList<>();
        pooled.add(floor);
        for (double[] spectrum : relativeSpectra) {
            for (double v : spectrum) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("relative eigenvalue " + v + "; allowed: finite numbers");
                }
                if (v > floor) {
                    pooled.add(v);
                }
            }
        }
        double[] v = pooled.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double widest = -1;
        double cut = Double.NaN;
        for (int i = 0; i + 1 < v.length && v[i] <= MAX_ZERO; i++) {
            double ratio = v[i + 1] / v[i];
            if (ratio >= CLEAR_GAP) {
                cut = Math.sqrt(v[i] * v[i + 1]);
                break;
            }
            if (ratio > widest) {
                widest = ratio;
                cut = Math.sqrt(v[i] * v[i + 1]);
            }
        }
        if (Double.isNaN(cut)) { // only the floor: every eigenvalue is a zero
            cut = 2 * floor;
        }
        double kept = Double.NaN;
        double dropped = 0;
        for (double[] spectrum : relativeSpectra) {
            for (double x : spectrum) {
                if (x > 0 && x >= cut) {
                    kept = Double.isNaN(kept) ? x : Math.min(kept, x);
                } else if (x > 0) {
                    dropped = Math.max(dropped, x);
                }
            }
        }
        boolean clear = dropped == 0 || kept / dropped >= CLEAR_GAP;
        String warning = null;
        if (!clear) {
            warning = String.format(Locale.ROOT, "no clear spectral gap: the smallest kept eigenvalue %.2e and the "
                    + "largest dropped %.2e (relative to λ_max) are less than %.0e apart; the rank is uncertain, "
                    + "use more --points", kept, dropped, CLEAR_GAP);
        } else if (dropped > ABOVE_ROUNDING * floor) {
            warning = String.format(Locale.ROOT, "dropped eigenvalues reach %.2e of λ_max, far above rounding "
                    + "(%.1e): they may be genuine directions that are small at every point drawn", dropped, floor);
        }
        return new Cut(cut, kept, dropped, clear, warning);
    }

    /**
     * The depth sweep: the generic rank at each depth, R, M_c, whether the plateau was reached, and (with
     * {@link Options#dla()}) the DLA dimension of the deepest circuit's generators ({@link Dla#generators},
     * {@link Dla#closure}).
     *
     * @param circuitAtDepth the circuit with l layers (no data inputs), e.g. {@code l -> Ansatz.hvaTfim(n, l, b)}
     * @param layers         the depths, ascending
     * @param progress       called with the number of finished depths, or null
     * @throws IllegalArgumentException on an empty or non-ascending depth list, circuits of different qubit counts,
     *     or if the largest QFIM does not fit in memory (checked before any work)
     */
    public static Sweep sweep(Simulator sim, IntFunction<Circuit> circuitAtDepth, int[] layers, Options options,
            IntConsumer progress) {
        Objects.requireNonNull(circuitAtDepth, "circuitAtDepth");
        Objects.requireNonNull(options, "options");
        checkLayers(layers);
        List<CircuitSpec> circuits = new ArrayList<>();
        for (int l : layers) {
            circuits.add(CircuitSpec.of(circuitAtDepth.apply(l))); // every point validated before any work
        }
        EnsembleRunner runner = EnsembleRunner.local(1);
        if (progress != null) {
            runner = runner.withProgress((name, done, total, resumed) -> {
                if (done % options.points() == 0) {
                    progress.accept(done / options.points());
                }
            });
        }
        return sweeps(runner, sim, List.of(circuits), layers, options).get(0);
    }

    /**
     * Depth sweeps of several circuit families (e.g. one per qubit count) as one run of {@code runner}: every
     * (depth, point) pair is a task (point k of a depth with seed {@code options.seed() + k}, the QFIM by
     * {@link Qfim#compute} and its spectrum), so every engine, partitioning and resumption gives the same ranks.
     * The local engine runs the points one after another (its thread count from the runner) while {@link Qfim}
     * splits each point over the kernel's threads.
     *
     * @param families one list per sweep: the circuits at {@code layers}, in order, all on one qubit count
     * @param layers   the depths, ascending, shared by every family
     * @return one sweep per family
     * @throws IllegalArgumentException on an empty or non-ascending depth list, circuits of different qubit counts in
     *     a family, circuits with data inputs, or if the largest QFIM does not fit in memory (before any work)
     */
    public static List<Sweep> sweeps(EnsembleRunner runner, Simulator sim, List<List<CircuitSpec>> families,
            int[] layers, Options options) {
        return sweeps(runner, sim, families, layers, options, List.of());
    }

    /**
     * {@link #sweeps(EnsembleRunner, Simulator, List, int[], Options)} under noise: each circuit gets the channels of
     * {@code noise} ({@link NoiseModel#parse(List)} rules, shipped as text) and each point's matrix is the QFIM of the
     * mixed output state ({@link MixedStateQfim}, at most {@value MixedStateQfim#MAX_QUBITS} qubits). The DLA bound
     * R ≤ dim g is Larocca et al.'s for unitary circuits; under noise the rank may pass it (García-Martín, Larocca,
     * Cerezo, arXiv:2302.05059: noise can turn on eigenvalues that were zero), which {@link Sweep#withinDlaBound()}
     * then reports without it being an error.
     *
     * @param noise noise rules; empty for the unitary sweep
     * @throws IllegalArgumentException as the unitary form, for a bad rule, a rule on a qubit a circuit lacks, a
     *     readout rule (expectations do not see it), or more than {@value MixedStateQfim#MAX_QUBITS} qubits with noise
     */
    public static List<Sweep> sweeps(EnsembleRunner runner, Simulator sim, List<List<CircuitSpec>> families,
            int[] layers, Options options, List<String> noise) {
        Objects.requireNonNull(noise, "noise");
        NoiseModel model = NoiseModel.parse(noise);
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(options, "options");
        checkLayers(layers);
        List<Ensemble<PointSpectrum>> ensembles = new ArrayList<>();
        for (List<CircuitSpec> family : families) {
            if (family.size() != layers.length) {
                throw new IllegalArgumentException(family.size() + " circuits for " + layers.length + " depths");
            }
            int n = family.get(0).circuit().numQubits();
            for (CircuitSpec spec : family) {
                Circuit c = spec.circuit();
                if (c.numQubits() != n) {
                    throw new IllegalArgumentException("the sweep's circuits act on " + n + " and " + c.numQubits()
                            + " qubits; allowed: one qubit count per sweep");
                }
                checkNoInputs(c);
            }
            Qfim.checkBudget(n, family.get(family.size() - 1).circuit().numParameters());
            if (!noise.isEmpty()) {
                if (n > MixedStateQfim.MAX_QUBITS) {
                    throw new IllegalArgumentException("--qubits " + n + " with noise: the mixed-state QFIM "
                            + "works on dense 2^n × 2^n matrices per parameter; allowed: 1.." + MixedStateQfim.MAX_QUBITS);
                }
                NoisyExpectation.noisyCircuit(family.get(0).circuit(), model); // checks the rules' qubits
            }
            for (CircuitSpec spec : family) {
                EnsembleJob<PointSpectrum> job = noise.isEmpty() ? new PointJob(spec, options.keepQfims())
                        : new NoisyPointJob(spec, options.keepQfims(), List.copyOf(noise));
                ensembles.add(new Ensemble<>(noise.isEmpty() ? "qfim " + spec
                        : "qfim " + spec + " noise " + String.join(" ", noise), job, options.points(),
                        options.seed()));
            }
        }
        List<List<PointSpectrum>> spectra = runner.runAll("qfim", ensembles, sim);
        List<Sweep> out = new ArrayList<>();
        int e = 0;
        for (List<CircuitSpec> family : families) {
            List<Depth> depths = new ArrayList<>();
            for (int i = 0; i < layers.length; i++) {
                depths.add(depth(layers[i], family.get(i).circuit().numParameters(), spectra.get(e++),
                        options.keepQfims()));
            }
            out.add(sweepOf(family.get(0).circuit().numQubits(), family.get(family.size() - 1).circuit(), depths,
                    options));
        }
        return out;
    }

    /** One point's task: the QFIM spectrum at {@code randomParameters(seed)}. */
    private record PointJob(CircuitSpec circuit, boolean keepQfim) implements EnsembleJob<PointSpectrum> {

        @Override
        public Worker<PointSpectrum> open(Simulator sim) {
            Circuit c = circuit.circuit();
            return (index, seed) -> PointSpectrum.of(sim, c, seed, keepQfim);
        }
    }

    /** One point's task under noise: the mixed-state QFIM spectrum at {@code randomParameters(seed)}. */
    private record NoisyPointJob(CircuitSpec circuit, boolean keepQfim, List<String> noise)
            implements EnsembleJob<PointSpectrum> {

        @Override
        public Worker<PointSpectrum> open(Simulator sim) {
            Circuit c = circuit.circuit();
            Circuit noisy = NoisyExpectation.noisyCircuit(c, NoiseModel.parse(noise));
            DensityMatrixSimulator dm = new DensityMatrixSimulator(sim);
            return (index, seed) -> PointSpectrum.of(MixedStateQfim.compute(dm, noisy, c.randomParameters(seed)),
                    keepQfim);
        }
    }

    private static void checkLayers(int[] layers) {
        if (layers.length == 0) {
            throw new IllegalArgumentException("the depth sweep is empty; allowed: one or more layer counts");
        }
        for (int i = 1; i < layers.length; i++) {
            if (layers[i] <= layers[i - 1]) {
                throw new IllegalArgumentException("layer counts must ascend: " + layers[i - 1] + " then "
                        + layers[i]);
            }
        }
    }

    /** R, M_c, saturation and the DLA bound from the depths of one sweep. */
    private static Sweep sweepOf(int n, Circuit deepest, List<Depth> depths, Options options) {
        int r = 0;
        for (Depth d : depths) {
            r = Math.max(r, d.rank());
        }
        Integer mc = null;
        for (Depth d : depths) {
            if (d.rank() == r) {
                mc = d.parameters();
                break;
            }
        }
        boolean saturated = depths.size() >= 2
                && depths.get(depths.size() - 1).rank() == depths.get(depths.size() - 2).rank();
        Integer dim = null;
        boolean truncated = false;
        if (options.dla()) {
            Dla.Result g = Dla.closure(Dla.generators(deepest), n, options.maxDlaDimension(), false);
            dim = g.dimension();
            truncated = g.truncated();
        }
        return new Sweep(n, depths, r, mc, saturated, dim, truncated);
    }
}
