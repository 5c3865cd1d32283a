package dev.readygate.lint;

import dev.readygate.model.Origin;

import java.util.List;

/** A rule written as a function of its facts, with the helpers its findings are made with. */
record BasicRule<F>(String id, Severity severity, String summary, String fix, Check<F> body) implements Rule<F> {
    /** The rule's body: its findings in the facts. */
    interface Check<F> {
        List<Finding> check(BasicRule<F> rule, F facts);
    }

    @Override
    public List<Finding> check(F facts) {
        return body.check(this, facts);
    }

    /** A finding with the rule's severity and fix. */
    Finding finding(String message, Origin origin) {
        return new Finding(id, severity, message, fix, origin);
    }

    Finding finding(Severity s, String message, String fix, Origin origin) {
        return new Finding(id, s, message, fix, origin);
    }

    /** A finding that concerns other places too (named in the message as well). */
    Finding finding(Severity s, String message, String fix, Origin origin, List<Origin> related) {
        return new Finding(id, s, message, fix, origin, related);
    }
}
