package org.qnnlab.sim.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Obtaining a kernel in a test without a silent fallback (STYLE lesson 5). Shared through the test-jar.
 *
 * <p>{@value #REQUIRE_KERNEL_PROPERTY} is a comma list of kernel ids (e.g. {@code vector,eigen}) that CI means to
 * test: a listed kernel that cannot load fails the build; an unlisted one skips its tests with one visible line.
 */
public final class KernelTestSupport {

    /** System property naming the kernels whose absence must fail the tests, e.g. {@code vector,eigen}. */
    public static final String REQUIRE_KERNEL_PROPERTY = "qnnlab.test.requireKernel";

    private KernelTestSupport() {
    }

    /**
     * The kernels listed in {@value #REQUIRE_KERNEL_PROPERTY} (empty when unset).
     *
     * @throws IllegalArgumentException naming an unknown kernel id
     */
    public static Set<KernelType> requiredKernels() {
        String prop = System.getProperty(REQUIRE_KERNEL_PROPERTY, "");
        Set<KernelType> required = EnumSet.noneOf(KernelType.class);
        for (String id : prop.split(",")) {
            if (!id.isBlank()) {
                required.add(KernelType.parse(id));
            }
        }
        return required;
    }

    /** Why {@code type} cannot be created here (not on the class path, or unusable), or empty when it can. */
    public static Optional<String> whyUnusable(KernelType type) {
        Optional<KernelProvider> p = Kernels.provider(type);
        if (p.isEmpty()) {
            return Optional.of("kernel '" + type.id() + "' is not on the test class path");
        }
        return p.get().unavailableReason().map(why -> "kernel '" + type.id() + "' cannot run: " + why);
    }

    /**
     * Creates kernel {@code type} with {@code threads} threads, or ends the test: it fails when the type is listed in
     * {@value #REQUIRE_KERNEL_PROPERTY}, otherwise it is skipped with the reason (also printed as one line on
     * {@code System.err}, so a skip is never silent in the build log).
     */
    public static StateKernel requireOrSkip(KernelType type, int threads) {
        Optional<String> why = whyUnusable(type);
        if (why.isEmpty()) {
            return Kernels.create(type, threads);
        }
        if (requiredKernels().contains(type)) {
            return fail(why.get() + ", but -D" + REQUIRE_KERNEL_PROPERTY + " lists it");
        }
        String message = why.get() + "; skipping its tests (list it in -D" + REQUIRE_KERNEL_PROPERTY
                + " to make this a failure)";
        System.err.println("qnnlab test: " + message);
        return Assumptions.abort(message);
    }

    /**
     * Every kernel type paired with every value (kernel-major), for a {@code @MethodSource} of a test that runs per
     * kernel and per seed: {@code (type, value)}, the type first, as {@code @EnumSource(KernelType.class)} would give
     * it alone.
     */
    public static Stream<Arguments> kernelsWith(long... values) {
        return Stream.of(KernelType.values())
                .flatMap(type -> LongStream.of(values).mapToObj(v -> Arguments.of(type, v)));
    }
}
