package dev.readygate.base;

import dev.readygate.base.Durations;

import java.time.Duration;

/**
 * Every default in one place; --help prints these. The cadence is chosen for the benchmark
 * targets in docs/benchmarks.md: a 60 ms fast cadence (jitter +-20%) keeps a refused port at
 * about 16 attempts/s while the median time from listen() to detection stays near 30 ms.
 */
public final class Defaults {
    // the texts are constants so that --help can print them; the values derive from them
    public static final String TIMEOUT_TEXT = "60s";
    /** readygate verify: how long to keep trying upstreams that fail. */
    public static final String VERIFY_TIMEOUT_TEXT = "10s";
    /** readygate verify: the budget of one DNS lookup through an nginx resolver. */
    public static final String VERIFY_DNS_TIMEOUT_TEXT = "2s";
    public static final String ATTEMPT_TIMEOUT_TEXT = "2s";
    public static final String INTERVAL_TEXT = "60ms";
    public static final String MAX_INTERVAL_TEXT = "2s";
    public static final String SUCCESSES_TEXT = "1";
    public static final String STABLE_FOR_TEXT = "0s";
    public static final String FAIL_FAST_GRACE_TEXT = "2s";
    public static final String STATUS_TEXT = "200-299";
    public static final String MAX_REDIRECTS_TEXT = "5";
    public static final String CERT_MIN_VALIDITY_TEXT = "7d";
    public static final String IP_FAMILY_TEXT = "any";
    /** Descriptors kept back from attempts when --max-concurrency is derived from the open-files limit. */
    public static final int RESERVED_FILES = 128;
    public static final String MAX_CONCURRENCY_TEXT = "the open-files limit minus " + RESERVED_FILES + " (minus half below " + 2 * RESERVED_FILES + ")";

    public static final Duration TIMEOUT = Durations.parse(TIMEOUT_TEXT);
    public static final Duration ATTEMPT_TIMEOUT = Durations.parse(ATTEMPT_TIMEOUT_TEXT);
    public static final Duration INTERVAL = Durations.parse(INTERVAL_TEXT);
    public static final Duration MAX_INTERVAL = Durations.parse(MAX_INTERVAL_TEXT);
    public static final int SUCCESSES = Integer.parseInt(SUCCESSES_TEXT);
    public static final Duration STABLE_FOR = Durations.parse(STABLE_FOR_TEXT);
    public static final Duration FAIL_FAST_GRACE = Durations.parse(FAIL_FAST_GRACE_TEXT);
    public static final Duration CERT_MIN_VALIDITY = Durations.parse(CERT_MIN_VALIDITY_TEXT);
    /** Backoff multiplier for failures that reached the application. */
    public static final double MULTIPLIER = 2.0;
    /** Jitter of the exponential backoff (+-50%). */
    public static final double BACKOFF_JITTER = 0.5;
    /** How long refusals in a row are retried at the fast cadence (--interval) before the slower one. */
    public static final Duration FAST_PHASE = Duration.ofSeconds(2);
    public static final String FAST_PHASE_TEXT = "2s";
    /** The slower cadence of refusals after {@link #FAST_PHASE}: this many times --interval (60 ms: 240 ms), at most --max-interval. */
    public static final int SLOW_FACTOR = 4;
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
