package org.qnnlab.kernel.eigen;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds and loads libqnnlab, in this order:
 * <ol>
 *   <li>{@code -Dqnnlab.native.lib=/path/to/libqnnlab.so} (an explicit file; an error if it does not load);</li>
 *   <li>{@code libqnnlab.so} in a directory of {@code java.library.path};</li>
 *   <li>the copy packed in this jar under {@code native/linux-<arch>/}, extracted to a temporary file (deleted on
 *       exit) because a shared library must be a file to be mapped.</li>
 * </ol>
 * The outcome is a {@link SymbolLookup} or the reason nothing loaded, with the fix.
 */
final class NativeLibrary {

    /** System property naming the library file explicitly. */
    static final String PATH_PROPERTY = "qnnlab.native.lib";

    private static final String FILE = System.mapLibraryName("qnnlab");

    /** A loaded library, or why there is none. */
    record Loaded(SymbolLookup lookup, String where, String problem) {
    }

    private NativeLibrary() {
    }

    static Loaded load() {
        String explicit = System.getProperty(PATH_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit.trim());
            if (!Files.isRegularFile(p)) {
                return failed("-D" + PATH_PROPERTY + "=" + explicit + " is not a file");
            }
            return open(p, "-D" + PATH_PROPERTY);
        }
        for (String dir : System.getProperty("java.library.path", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                Path p = Path.of(dir, FILE);
                if (Files.isRegularFile(p)) {
                    return open(p, "java.library.path");
                }
            }
        }
        String resource = "/native/" + platform() + "/" + FILE;
        try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                return failed("libqnnlab is not built (no " + FILE + " in java.library.path or in the jar at "
                        + resource + "); install cmake, g++ and Eigen (sudo apt-get install -y cmake g++ "
                        + "libeigen3-dev) and rebuild, or set -D" + PATH_PROPERTY);
            }
            Path tmp = Files.createTempFile("libqnnlab-", ".so");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return open(tmp, "extracted from the jar");
        } catch (IOException e) {
            return failed("cannot extract " + resource + " from the jar: " + e.getMessage());
        }
    }

    private static Loaded open(Path p, String how) {
        try {
            return new Loaded(SymbolLookup.libraryLookup(p, Arena.global()), p + " (" + how + ")", null);
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return failed("cannot load " + p + " (" + how + "): " + e.getMessage()
                    + (e instanceof IllegalCallerException ? "; run java with --enable-native-access=ALL-UNNAMED" : ""));
        }
    }

    private static Loaded failed(String why) {
        return new Loaded(null, null, why);
    }

    /** {@code linux-x86_64}, {@code linux-aarch64}, … as the build script names the directory. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("linux") ? "linux" : os.contains("mac") ? "macos" : os.replace(' ', '_');
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("arm64") ? "aarch64" : arch;
        return o + "-" + a;
    }
}
