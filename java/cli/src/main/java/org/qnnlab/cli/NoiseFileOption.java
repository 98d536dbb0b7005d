package org.qnnlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --noise-file FILE}: a noise model kept in a file, for every command that takes {@code --noise}. The file is
 * YAML (or JSON) with one key, {@code noise}, a list of rules in {@code --noise}'s syntax, the same list a
 * {@code train} config holds under {@code model.noise}:
 *
 * <pre>
 * noise:
 *   - depolarizing:0.01
 *   - amplitude_damping:0.02@gates=2q
 *   - readout:0.02,0.05@qubits=0
 * </pre>
 *
 * Rules given with {@code --noise} follow the file's, so a run's JSON, which lists every rule, says what ran.
 */
final class NoiseFileOption {

    @Option(names = "--noise-file", paramLabel = "FILE",
            description = "Noise rules from a YAML or JSON file: the key 'noise' with a list of rules in --noise's "
                    + "syntax (as under model.noise in a train config), e.g. noise: [depolarizing:0.01, "
                    + "amplitude_damping:0.02@gates=2q]. Rules from --noise follow the file's.")
    Path file;

    /** The file's shape: {@code noise:} and its rules. */
    record NoiseFile(List<String> noise) {
    }

    /**
     * The file's rules followed by {@code flags} ({@code --noise}); null when neither is given.
     *
     * @throws IllegalArgumentException in one line, naming the file, for a missing or unreadable file, bad YAML, an
     *                                  unknown key, a rule that is not text, or a file without rules
     */
    List<String> rules(List<String> flags) {
        if (file == null) {
            return flags == null ? null : List.copyOf(flags);
        }
        NoiseFile f = YamlFiles.load(file, NoiseFile.class, "noise file",
                "it needs a list of rules under 'noise', e.g. noise: [depolarizing:0.01]");
        if (f == null || f.noise() == null || f.noise().isEmpty()) {
            throw new IllegalArgumentException(file + ": the noise file has no rules; it needs a list of rules under "
                    + "'noise', e.g. noise: [depolarizing:0.01]");
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < f.noise().size(); i++) {
            String rule = f.noise().get(i);
            if (rule == null || rule.isBlank()) {
                throw new IllegalArgumentException(file + ": noise[" + i + "] is empty; allowed: a rule such as "
                        + "depolarizing:0.01");
            }
            all.add(rule.strip());
        }
        if (flags != null) {
            all.addAll(flags);
        }
        return List.copyOf(all);
    }
}
