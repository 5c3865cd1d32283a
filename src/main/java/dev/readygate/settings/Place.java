package dev.readygate.settings;

/** Where a setting may be written. */
public enum Place {
    /** an option of {@code readygate wait} */
    CLI,
    /** an environment variable {@code READYGATE_<KEY>} */
    ENV,
    /** the top level of the config file */
    TOP,
    /** under {@code defaults:} in the config file */
    DEFAULTS,
    /** in one entry of {@code targets:} in the config file */
    TARGET
}
