package dev.readygate.wait;

import java.lang.reflect.Method;

/**
 * Threads for waiters: virtual threads where the JDK has them (21 and later: a blocking socket
 * read parks a virtual thread, not a carrier, so ten thousand targets need a handful of OS
 * threads), and small-stack daemon platform threads on JDK 17. Looked up by reflection, since
 * readygate is built for Java 17.
 */
public final class Threads {
    private static final long PLATFORM_STACK = 256 * 1024;
    private static final Method OF_VIRTUAL = method(Thread.class, "ofVirtual");
    private static final Method NAME = OF_VIRTUAL == null ? null : method(OF_VIRTUAL.getReturnType().getInterfaces()[0], "name", String.class);
    private static final Method UNSTARTED = OF_VIRTUAL == null ? null : method(OF_VIRTUAL.getReturnType().getInterfaces()[0], "unstarted", Runnable.class);

    private Threads() {
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException | SecurityException e) {
            return null;
        }
    }

    /** Whether waiters run on virtual threads (JDK 21+). */
    public static boolean virtual() {
        return OF_VIRTUAL != null && NAME != null && UNSTARTED != null;
    }

    /** A new, unstarted daemon thread: virtual where available. */
    public static Thread unstarted(String name, Runnable task) {
        if (virtual()) {
            try {
                Object builder = NAME.invoke(OF_VIRTUAL.invoke(null), name);
                return (Thread) UNSTARTED.invoke(builder, task);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall back to a platform thread below
            }
        }
        Thread t = new Thread(null, task, name, PLATFORM_STACK);
        t.setDaemon(true);
        return t;
    }
}
