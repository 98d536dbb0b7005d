package org.qnnlab.sim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Fails the build when a kernel listed in {@code -Dqnnlab.test.requireKernel} cannot run (STYLE lesson 5: a silent
 * fallback is a bug in CI); skipped when the property is unset.
 *
 * <p>CI passes the property to every module, and java/sim has only the scalar kernel on its class path, so here a
 * listed kernel whose jar is absent is reported and skipped, while one that is present but unusable fails. The
 * kernel modules enforce presence through {@link KernelTestSupport#requireOrSkip}; a module that bundles kernels
 * (the CLI) can subclass this test and override {@link #missingJarIsFailure()} to return true.
 */
public class RequiredKernelTest {

    /** Whether a required kernel whose jar is not on this module's test class path fails (true) or is skipped. */
    protected boolean missingJarIsFailure() {
        return false;
    }

    @Test
    public void everyRequiredKernelIsUsable() {
        Set<KernelType> required = KernelTestSupport.requiredKernels();
        Assumptions.assumeFalse(required.isEmpty(),
                "-D" + KernelTestSupport.REQUIRE_KERNEL_PROPERTY + " is not set: no kernel is required");
        List<String> failures = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (KernelType type : required) {
            Optional<KernelProvider> provider = Kernels.provider(type);
            if (provider.isEmpty()) {
                (missingJarIsFailure() ? failures : absent).add("kernel '" + type.id()
                        + "' is not on the test class path");
                continue;
            }
            provider.get().unavailableReason().ifPresentOrElse(
                    why -> failures.add("kernel '" + type.id() + "' cannot run: " + why),
                    () -> assertUsable(type));
        }
        if (!failures.isEmpty()) {
            fail(String.join("; ", failures) + " (required by -D" + KernelTestSupport.REQUIRE_KERNEL_PROPERTY + ")");
        }
        if (!absent.isEmpty()) {
            String message = String.join("; ", absent) + "; it is checked by the modules that depend on it";
            System.err.println("qnnlab test: " + message);
            Assumptions.abort(message);
        }
    }

    private static void assertUsable(KernelType type) {
        StateKernel k = Kernels.create(type, 2);
        assertEquals(type, k.type(), "Kernels.create(" + type.id() + ") made the wrong kernel");
        assertTrue(k.threads() >= 1, "kernel " + type.id() + " reports " + k.threads() + " threads");
    }

    // ---- KernelTestSupport itself (run here, where the eigen kernel is known to be absent)

    @Test
    public void requiredKernelsParsesACommaList() {
        withRequireProperty(" vector , EIGEN,", () ->
                assertEquals(EnumSet.of(KernelType.VECTOR, KernelType.EIGEN), KernelTestSupport.requiredKernels()));
        withRequireProperty(null, () -> assertTrue(KernelTestSupport.requiredKernels().isEmpty()));
        withRequireProperty("cuda", () -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    KernelTestSupport::requiredKernels);
            assertTrue(e.getMessage().contains("'cuda'") && e.getMessage().contains("scalar, vector, eigen"),
                    e.getMessage());
        });
    }

    @Test
    public void requireOrSkipCreatesAUsableKernel() {
        StateKernel k = KernelTestSupport.requireOrSkip(KernelType.SCALAR, 1);
        assertEquals(KernelType.SCALAR, k.type());
    }

    @Test
    public void requireOrSkipFailsOnlyWhenTheMissingKernelIsListed() {
        Assumptions.assumeTrue(Kernels.provider(KernelType.EIGEN).isEmpty(), "needs a class path without eigen");
        withRequireProperty("vector,eigen", () -> {
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> KernelTestSupport.requireOrSkip(KernelType.EIGEN, 1));
            assertTrue(e.getMessage().contains("eigen") && e.getMessage().contains("qnnlab.test.requireKernel"),
                    e.getMessage());
        });
        withRequireProperty("vector", () -> {
            TestAbortedException e = assertThrows(TestAbortedException.class,
                    () -> KernelTestSupport.requireOrSkip(KernelType.EIGEN, 1));
            assertTrue(e.getMessage().contains("not on the test class path"), e.getMessage());
        });
    }

    /** Runs {@code body} with the property set to {@code value} (null = unset), then restores it. */
    private static void withRequireProperty(String value, Runnable body) {
        String key = KernelTestSupport.REQUIRE_KERNEL_PROPERTY;
        String saved = System.getProperty(key);
        try {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
            body.run();
        } finally {
            if (saved == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, saved);
            }
        }
    }
}
