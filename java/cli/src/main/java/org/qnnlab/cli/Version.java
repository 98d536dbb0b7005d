package org.qnnlab.cli;

import picocli.CommandLine;

/** Prints the qnnlab version and the running JVM. */
final class Version implements CommandLine.IVersionProvider {

    /** The qnnlab version from the jar manifest, or "dev" when run from classes. */
    static String qnnlab() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"qnnlab " + qnnlab(), "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name")
                + ")"};
    }
}
