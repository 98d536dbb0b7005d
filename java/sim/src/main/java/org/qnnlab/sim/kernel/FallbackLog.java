package org.qnnlab.sim.kernel;

import java.util.EnumSet;
import java.util.Set;

/** Makes each kernel's fallback warning appear once per JVM, not once per kernel creation. */
final class FallbackLog {

    private static final Set<KernelType> LOGGED = EnumSet.noneOf(KernelType.class);

    private FallbackLog() {
    }

    static synchronized void once(KernelType type, Runnable log) {
        if (LOGGED.add(type)) {
            log.run();
        }
    }
}
