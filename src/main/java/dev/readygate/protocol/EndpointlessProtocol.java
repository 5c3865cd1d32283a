package dev.readygate.protocol;

import java.util.List;

/**
 * A protocol whose targets name something other than a host and port ({@code compose:SERVICE},
 * {@code k8s:deployment/NAMESPACE/NAME}): one scheme, its name; no default port; no endpoint.
 */
public interface EndpointlessProtocol extends Protocol {
    @Override
    default List<String> schemes() {
        return List.of(name());
    }

    @Override
    default int defaultPort(String scheme) {
        return 0;
    }

    @Override
    default boolean hasEndpoint() {
        return false;
    }
}
