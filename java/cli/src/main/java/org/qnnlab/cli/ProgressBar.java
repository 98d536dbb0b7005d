package org.qnnlab.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn in place with {@code \r}, at most ten times a second. It draws only when
 * a terminal is attached and JSON output is off, so logs, pipes and CI output stay clean.
 */
final class ProgressBar {

    private static final int WIDTH = 28;

    private final PrintStream out;
    private final boolean enabled;
    private final String label;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int lastLength;

    private ProgressBar(PrintStream out, boolean enabled, String label) {
        this.out = out;
        this.enabled = enabled;
        this.label = label;
    }

    /** A bar that draws only on an interactive terminal and when {@code quiet} is false. */
    static ProgressBar onTerminal(String label, boolean quiet) {
        return new ProgressBar(System.err, !quiet && System.console() != null, label);
    }

    /** Redraws: {@code done} of {@code total} units, with a short status such as the current loss. */
    void update(long done, long total, String status) {
        update(done, total, 0, status);
    }

    /**
     * Redraws: {@code done} of {@code total} units, {@code skipped} of them done before this run (resumed), so the
     * ETA is taken from the rate of the others.
     */
    void update(long done, long total, long skipped, String status) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double frac = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(frac * WIDTH);
        double elapsed = (now - start) / 1e9;
        long ran = done - skipped;
        double eta = ran > 0 ? elapsed * (total - done) / ran : Double.NaN;
        String line = String.format(Locale.ROOT, "%s [%s%s] %d/%d %s  %s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, status,
                done < total && Double.isFinite(eta) ? "eta " + clock(eta) : clock(elapsed));
        int pad = Math.max(0, lastLength - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastLength = line.length();
    }

    /** Ends the bar's line so later output starts on a fresh one. */
    void finish() {
        if (enabled && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
