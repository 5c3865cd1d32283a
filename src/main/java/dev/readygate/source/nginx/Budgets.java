package dev.readygate.source.nginx;

import dev.readygate.model.Origin;

import java.time.Duration;
import java.util.Map;

/**
 * The upstream budgets in effect for one {@code *_pass} after nginx's inheritance
 * (http, then server, then location, then nested location/if; the innermost setting wins).
 * A setting with a null origin is nginx's default.
 *
 * @param module   the directive prefix: proxy, grpc, fastcgi, uwsgi or scgi
 * @param stream   true for a proxy_pass in the stream (TCP) module
 * @param settings the explicit settings in effect, by directive name
 */
public record Budgets(String module, boolean stream, Map<String, Setting> settings) {
    /** nginx's default memory page on Linux x86-64, which sizes the default buffers. */
    public static final long PAGE = 4096;

    /** A directive value in effect and where it was set; origin null means nginx's default. */
    public record Setting(String directive, String value, Origin origin) {
        public boolean isDefault() {
            return origin == null;
        }
    }

    public Budgets {
        settings = Map.copyOf(settings);
    }

    /** The setting of {@code module + "_" + suffix}, or the default value with a null origin. */
    public Setting setting(String suffix) {
        String name = module + "_" + suffix;
        Setting s = settings.get(name);
        if (s != null) return s;
        return new Setting(name, defaultValue(suffix), null);
    }

    private String defaultValue(String suffix) {
        return switch (suffix) {
            case "connect_timeout", "read_timeout", "send_timeout" -> "60s";
            case "timeout" -> "10m";
            case "buffer_size" -> "4k";
            case "buffers" -> "8 4k";
            case "ssl_verify", "ssl_server_name" -> "off";
            default -> null;
        };
    }

    /** {@code X_connect_timeout} (default 60s). */
    public Duration connectTimeout() {
        return time("connect_timeout");
    }

    /** {@code X_read_timeout} (default 60s); for the stream module, {@code proxy_timeout} (default 10m). */
    public Duration readTimeout() {
        return time(stream ? "timeout" : "read_timeout");
    }

    /** The setting behind {@link #readTimeout()}. */
    public Setting readTimeoutSetting() {
        return setting(stream ? "timeout" : "read_timeout");
    }

    /** {@code X_buffer_size} in bytes (default one page, 4k). */
    public long bufferSize() {
        return size("buffer_size", PAGE);
    }

    /** The number of {@code X_buffers} (default 8). */
    public int buffersNumber() {
        String v = setting("buffers").value();
        if (v == null) return 8;
        try {
            return Integer.parseInt(v.trim().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return 8;
        }
    }

    /** The size of one of {@code X_buffers} in bytes (default one page, 4k). */
    public long buffersSize() {
        String v = setting("buffers").value();
        if (v == null) return PAGE;
        String[] parts = v.trim().split("\\s+");
        try {
            return parts.length > 1 ? NginxValues.size(parts[1]) : PAGE;
        } catch (IllegalArgumentException e) {
            return PAGE;
        }
    }

    /** {@code X_busy_buffers_size}: as set, or nginx's default of twice the larger of buffer_size and one buffer. */
    public long busyBuffersSize() {
        Setting s = settings.get(module + "_busy_buffers_size");
        if (s != null) {
            try {
                return NginxValues.size(s.value());
            } catch (IllegalArgumentException e) {
                // fall through to the default
            }
        }
        return 2 * Math.max(bufferSize(), buffersSize());
    }

    public boolean sslVerify() {
        return NginxValues.onOff(setting("ssl_verify").value());
    }

    public boolean sslServerName() {
        return NginxValues.onOff(setting("ssl_server_name").value());
    }

    /** {@code X_ssl_trusted_certificate}, or null. */
    public String sslTrustedCertificate() {
        return setting("ssl_trusted_certificate").value();
    }

    private Duration time(String suffix) {
        Setting s = setting(suffix);
        try {
            return NginxValues.time(s.value());
        } catch (IllegalArgumentException e) {
            return NginxValues.time(defaultValue(suffix));
        }
    }

    private long size(String suffix, long fallback) {
        try {
            return NginxValues.size(setting(suffix).value());
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
