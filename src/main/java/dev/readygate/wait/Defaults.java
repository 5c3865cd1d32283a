package dev.readygate.wait;

import java.time.Duration;

/**
 * Every default in one place; --help prints these. The cadence is chosen for the benchmark
 * targets in docs/benchmarks.md: a 60 ms fast cadence (jitter +-20%) keeps a refused port at
 * about 16 attempts/s while the median time from listen() to detection stays near 30 ms.
 */
public final class Defaults {
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration INTERVAL = Duration.ofMillis(60);
    public static final Duration MAX_INTERVAL = Duration.ofSeconds(2);
    public static final int SUCCESSES = 1;
    public static final Duration STABLE_FOR = Duration.ZERO;
    /** Backoff multiplier for failures that reached the application. */
    public static final double MULTIPLIER = 2.0;
    /** Jitter of the exponential backoff (+-50%). */
    public static final double BACKOFF_JITTER = 0.5;
    /** Jitter of the fast cadence (+-20%). */
    public static final double FAST_JITTER = 0.2;
    /** Bytes of response headers read before giving up (a hostile server cannot make us buffer more). */
    public static final int MAX_HEADER_READ_BYTES = 64 * 1024;
    /** Bytes of body read for checks. */
    public static final int MAX_BODY_READ_BYTES = 1024 * 1024;
    /** Characters of body shown in a diagnosis. */
    public static final int BODY_EXCERPT_CHARS = 200;

    private Defaults() {
    }
}
