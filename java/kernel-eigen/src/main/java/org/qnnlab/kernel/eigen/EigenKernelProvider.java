package org.qnnlab.kernel.eigen;

import java.util.Optional;
import org.qnnlab.sim.kernel.KernelProvider;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * Provides {@link EigenKernel}. Usable when libqnnlab loads ({@link NativeLibrary}: {@code -Dqnnlab.native.lib},
 * {@code java.library.path}, or the copy in this jar), native access is enabled, and the library's ABI version is
 * the one these bindings were written for.
 */
public final class EigenKernelProvider implements KernelProvider {

    private static final class Holder {
        static final EigenBindings BINDINGS;
        static final String PROBLEM;
        static final String WHERE;

        static {
            EigenBindings b = null;
            String problem;
            NativeLibrary.Loaded loaded = NativeLibrary.load();
            problem = loaded.problem();
            if (problem == null) {
                try {
                    b = new EigenBindings(loaded.lookup());
                    int abi = (int) b.abiVersion.invokeExact();
                    if (abi != EigenBindings.ABI_VERSION) {
                        problem = loaded.where() + " has ABI version " + abi + " but these bindings need "
                                + EigenBindings.ABI_VERSION + "; rebuild native/ from this checkout";
                        b = null;
                    }
                } catch (Throwable t) {
                    problem = "cannot bind " + loaded.where() + ": " + t.getMessage();
                    b = null;
                }
            }
            BINDINGS = b;
            PROBLEM = problem;
            WHERE = loaded.where();
        }
    }

    @Override
    public KernelType type() {
        return KernelType.EIGEN;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(Holder.PROBLEM);
    }

    @Override
    public int preference() {
        return 5;
    }

    /** libqnnlab is compiled C++: nothing to warm up. */
    @Override
    public boolean aheadOfTime() {
        return true;
    }

    @Override
    public String simd() {
        if (Holder.BINDINGS == null) {
            return "none";
        }
        try {
            return EigenBindings.string((java.lang.foreign.MemorySegment) Holder.BINDINGS.simd.invokeExact())
                    + ", libqnnlab " + EigenBindings.string(
                            (java.lang.foreign.MemorySegment) Holder.BINDINGS.version.invokeExact());
        } catch (Throwable t) {
            return "unknown (" + t.getMessage() + ")";
        }
    }

    /** Where the library was loaded from, for diagnostics ({@code null} when it did not load). */
    public static String libraryLocation() {
        return Holder.WHERE;
    }

    /** Doubles per SIMD register of the library's active kernels (0 when it did not load). */
    public static int simdLanes() {
        if (Holder.BINDINGS == null) {
            return 0;
        }
        try {
            return (int) Holder.BINDINGS.simdLanes.invokeExact();
        } catch (Throwable t) {
            return 0;
        }
    }

    @Override
    public StateKernel create(int threads) {
        if (Holder.BINDINGS == null) {
            throw new IllegalStateException("eigen kernel unavailable: " + Holder.PROBLEM);
        }
        return new EigenKernel(Holder.BINDINGS, threads);
    }
}
