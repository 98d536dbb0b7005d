package org.qnnlab.analysis.ensemble;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.qnnlab.sim.Observable;

/**
 * An observable as a job ships it: its text ({@link Observable#toString()}, which {@link Observable#parse} reads back
 * with the same terms in the same order, weights exact). In the JVM that made it, {@link #observable()} is the
 * original object.
 */
public final class ObservableSpec implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String text;
    private transient Observable observable;

    private ObservableSpec(String text, Observable observable) {
        this.text = text;
        this.observable = observable;
    }

    /** Ships {@code observable} as its text. */
    public static ObservableSpec of(Observable observable) {
        return new ObservableSpec(observable.toString(), Objects.requireNonNull(observable, "observable"));
    }

    /** The observable: the original in the JVM that made the spec, else parsed from the shipped text. */
    public synchronized Observable observable() {
        if (observable == null) {
            observable = Observable.parse(text);
        }
        return observable;
    }

    /** The shipped text. */
    @Override
    public String toString() {
        return text;
    }
}
