package dev.readygate.base;

/** The version, from the jar manifest (Maven fills it in); "dev" when run from classes. */
public final class Version {
    public static final String VERSION = version();

    private Version() {
    }

    private static String version() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
