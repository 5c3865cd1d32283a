package dev.readygate.lint;

import dev.readygate.source.nginx.NginxConfigException;
import dev.readygate.model.Origin;

/**
 * One problem a rule found.
 *
 * @param ruleId   the rule's stable id, e.g. nginx/read-timeout-too-high
 * @param severity usually the rule's severity; a rule may lower it when it is less sure
 * @param message  one line saying what is wrong, naming the directives and their file:line
 * @param fix      one line saying what to write instead
 * @param origin   where to fix it (file:line:column)
 */
public record Finding(String ruleId, Severity severity, String message, String fix, Origin origin) {
    public Finding {
        message = NginxConfigException.oneLine(message);
        fix = NginxConfigException.oneLine(fix);
    }

    @Override
    public String toString() {
        return origin + ": " + severity.code() + ": " + message + " [" + ruleId + "]";
    }
}
