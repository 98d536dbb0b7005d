package org.qnnlab.sim.kernel;

import java.util.Locale;

/** The kernel implementations qnnlab knows, named by technique. */
public enum KernelType {
    /** Plain Java loops: the reference, always available. */
    SCALAR,
    /** Java Vector API (SIMD), multithreaded. */
    VECTOR,
    /** C++/Eigen in libqnnlab, called through FFM. */
    EIGEN;

    /** The lower-case name used on the command line and in {@code -Dqnnlab.kernel}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a kernel name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the bad value and the allowed ones
     */
    public static KernelType parse(String name) {
        for (KernelType t : values()) {
            if (t.id().equalsIgnoreCase(name.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown kernel '" + name + "'; allowed: scalar, vector, eigen");
    }
}
