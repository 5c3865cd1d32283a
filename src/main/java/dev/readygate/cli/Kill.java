package dev.readygate.cli;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.Optional;

/**
 * kill(2) from Java, which has no API for a signal but SIGTERM and SIGKILL: on JDK 22+ through the foreign function API
 * (libc's kill, looked up by reflection: the code is built for Java 17) when native access is enabled, as the jar's
 * manifest does for java -jar (Enable-Native-Access), else nothing: callers fall back to kill(1). No native code is built.
 */
final class Kill {
    private static final MethodHandle KILL = lookup();

    private Kill() {
    }

    /** Whether kill(2) can be called here (JDK 22+ with libc's kill). */
    static boolean available() {
        return KILL != null;
    }

    /** Sends the signal NUMBER to PID; true when kill(2) was called and returned 0. */
    static boolean send(long pid, int number) {
        if (KILL == null) return false;
        try {
            return (int) KILL.invoke((int) pid, number) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle lookup() {
        if (Runtime.version().feature() < 22) return null; // a preview API before
        try {
            // without native access (java -cp without --enable-native-access), the JVM would print a warning: not used
            if (!(boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(Kill.class.getModule())) return null;
            Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
            Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
            Object linker = linkerType.getMethod("nativeLinker").invoke(null);
            Object symbols = linkerType.getMethod("defaultLookup").invoke(linker);
            Optional<?> kill = (Optional<?>) Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class).invoke(symbols, "kill");
            if (kill.isEmpty()) return null;
            Object javaInt = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_INT").get(null);
            Object args = Array.newInstance(layoutType, 2);
            Array.set(args, 0, javaInt);
            Array.set(args, 1, javaInt);
            Object descriptor = descriptorType.getMethod("of", layoutType, args.getClass()).invoke(null, javaInt, args);
            return (MethodHandle) linkerType.getMethod("downcallHandle", segmentType, descriptorType, Array.newInstance(optionType, 0).getClass())
                    .invoke(linker, kill.get(), descriptor, Array.newInstance(optionType, 0));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
