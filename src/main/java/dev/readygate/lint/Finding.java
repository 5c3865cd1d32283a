package dev.readygate.lint;

import dev.readygate.source.nginx.NginxConfigException;
import dev.readygate.model.Origin;

import java.util.List;

/**
 * One problem a rule found.
 *
 * @param ruleId   the rule's stable id, e.g. nginx/read-timeout-too-high
 * @param severity usually the rule's severity; a rule may lower it when it is less sure
 * @param message  one line saying what is wrong, naming the directives and their file:line (and the related places)
 * @param fix      one line saying what to write instead
 * @param origin   where to fix it (file:line:column)
 * @param related  the other places the finding concerns (a finding across files: the Compose line of the service
 *                 an nginx line names), each also named in the message; empty for most
 */
public record Finding(String ruleId, Severity severity, String message, String fix, Origin origin, List<Origin> related) {
    public Finding {
        message = NginxConfigException.oneLine(message);
        fix = NginxConfigException.oneLine(fix);
        related = List.copyOf(related);
    }

    public Finding(String ruleId, Severity severity, String message, String fix, Origin origin) {
        this(ruleId, severity, message, fix, origin, List.of());
    }

    @Override
    public String toString() {
        return origin + ": " + severity.code() + ": " + message + " [" + ruleId + "]";
    }
}
