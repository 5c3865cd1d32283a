package dev.readygate.model;

import java.util.Locale;

/**
 * Which addresses of a host name must work. ANY: ready when one address works (a family that
 * does not is a warning); ALL: every address must work; V4 / V6: only that family is tried.
 */
public enum IpFamily {
    ANY, ALL, V4, V6;

    public static IpFamily parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "any" -> ANY;
            case "all" -> ALL;
            case "4", "ipv4", "v4" -> V4;
            case "6", "ipv6", "v6" -> V6;
            default -> throw new IllegalArgumentException("'" + text + "' is not an address family; use any, all, 4 or 6");
        };
    }

    public String code() {
        return switch (this) {
            case ANY -> "any";
            case ALL -> "all";
            case V4 -> "4";
            case V6 -> "6";
        };
    }
}
