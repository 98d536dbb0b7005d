package org.qnnlab.cli;

import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --noise SPEC} (repeatable) of the analyses that run on density matrices ({@code analyze gradvar}, {@code qfim},
 * {@code landscape}): the rules in {@link org.qnnlab.sim.noise.NoiseModel#parse}'s text form, handed to the library
 * as text so that every engine ships them. What noise changes is in each command's description; {@code simulate} and
 * {@code grad} declare their own option (readout rules and trajectories mean something there) with {@link #SYNTAX}.
 */
final class NoiseOptions {

    /** The rule syntax, the start of every {@code --noise} help text. */
    static final String SYNTAX = "A noise rule NAME:ARGS[@gates=KIND][@qubits=LIST], repeatable, e.g. "
            + "depolarizing:0.01";

    @Option(names = "--noise", paramLabel = "SPEC",
            description = SYNTAX + ", amplitude_damping:0.02@gates=2q, thermal:T1,T2,t. The analysis then runs on "
                    + "density matrices (16·4^n bytes each), as described above; readout rules are refused (they act "
                    + "on sampled bits, and these values are exact).")
    List<String> noise;

    @Mixin
    NoiseFileOption file = new NoiseFileOption();

    /** The rules of {@code --noise-file}, then those of {@code --noise}, in order; empty without either. */
    List<String> rules() {
        List<String> r = file.rules(noise);
        return r == null ? List.of() : r;
    }
}
