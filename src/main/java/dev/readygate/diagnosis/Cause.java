package dev.readygate.diagnosis;

import static dev.readygate.diagnosis.Phase.*;

/**
 * The closed list of reasons a target is not ready (see docs/diagnosis.md). The names are part
 * of the JSON schema: never rename one.
 *
 * <p>{@code permanent}: waiting will not fix it on its own (with --fail-fast the gate stops).
 * {@code backsOff}: retrying costs somebody (the application, or a DNS server asked again for a
 * name it does not know), so retries back off exponentially; otherwise the local kernel answered
 * (connection refused, no route) and retries keep the fast cadence at no cost to anyone.
 */
public enum Cause {
    DNS_NOT_FOUND(RESOLVE, false, true, "the name does not resolve: check the host name, or wait for the service's DNS record (compose/k8s create it when the service starts)"),
    DNS_TIMEOUT(RESOLVE, false, true, "the resolver did not answer in time: check /etc/resolv.conf and the DNS server"),
    LOCAL_RESOURCES(CONNECT, false, true, "this machine ran out of file descriptors, not the target: raise ulimit -n, or lower --max-concurrency"),
    CONNECTION_REFUSED(CONNECT, false, false, "nothing listens on that port yet: is the service started, and is the port in your config right?"),
    CONNECT_TIMEOUT(CONNECT, false, true, "connects are dropped or unanswered: a firewall, a wrong address, or a full listen backlog"),
    HOST_UNREACHABLE(CONNECT, false, false, "no route to the host: check the address and the network"),
    ADDRESS_FAMILY_MISMATCH(CONNECT, false, false, "the name resolves to IPv4 and IPv6 but the service listens on one family only: bind to both, or use the address literal"),
    TLS_ON_PLAIN_PORT(Phase.TLS, true, true, "the port speaks plain HTTP: use http://, or enable TLS on the upstream"),
    PLAIN_ON_TLS_PORT(Phase.TLS, true, true, "the port speaks TLS only: use https://"),
    TLS_UNTRUSTED(Phase.TLS, true, true, "the certificate is not trusted: pass --ca-cert with the issuing CA (or --insecure, knowingly)"),
    TLS_HOSTNAME_MISMATCH(Phase.TLS, true, true, "the certificate does not name this host: use a host name the certificate lists"),
    TLS_EXPIRED(Phase.TLS, true, true, "the certificate has expired or is not yet valid: renew it"),
    TLS_HANDSHAKE(Phase.TLS, false, true, "the TLS handshake failed: check protocol versions, ciphers and client certificates"),
    CONNECTION_RESET(EXCHANGE, false, true, "the upstream reset the connection before answering: it crashed on the request, or it expects TLS"),
    PREMATURE_CLOSE(EXCHANGE, false, true, "the upstream closed the connection before a complete response: it crashed or restarted mid-answer"),
    EMPTY_RESPONSE(EXCHANGE, false, true, "the upstream accepted and closed without a byte: it is starting up or is not an HTTP server"),
    READ_TIMEOUT(EXCHANGE, false, true, "the port accepted but nothing answered in time: the application is hung or still starting (a TCP check alone would call it ready)"),
    PROTOCOL_ERROR(EXCHANGE, true, true, "the port answers, but not in the expected protocol: check the port and the scheme"),
    HTTP_STATUS(VALIDATE, false, true, "the application answers with an unexpected status: see the body excerpt and its logs"),
    BODY_MISMATCH(VALIDATE, false, true, "the body does not match the expectation: the application is up but not healthy yet"),
    HEADER_MISMATCH(VALIDATE, false, true, "a response header is missing or does not match"),
    HEADERS_TOO_LARGE(VALIDATE, false, true, "the response headers exceed the proxy's buffer: raise proxy_buffer_size or send fewer/smaller headers"),
    SLOW(VALIDATE, false, true, "the response took longer than the latency budget: the proxy will time out (504)"),
    STARTING_UP(Phase.PROTOCOL, false, true, "the server says it is starting up: keep waiting"),
    SHUTTING_DOWN(Phase.PROTOCOL, false, true, "the server is shutting down: wait for its restart, or for a failover to another node"),
    TOO_MANY_CONNECTIONS(Phase.PROTOCOL, false, true, "the server refuses new connections: too many clients"),
    SERVER_BUSY(Phase.PROTOCOL, false, true, "the server is up but busy (a long script, a lost link to its primary): keep waiting, and see its log"),
    NOT_PRIMARY(Phase.PROTOCOL, false, true, "the node is a standby or secondary, and a primary was asked for: wait for a promotion, or point at the primary"),
    AUTH_FAILED(Phase.PROTOCOL, true, true, "authentication failed: check the user and the password (--password-file, --password-env)"),
    ACCESS_DENIED(Phase.PROTOCOL, true, true, "the server knows the client but does not let it in here (host, database or command not allowed): grant access, or use another user"),
    DATABASE_NOT_FOUND(Phase.PROTOCOL, true, true, "the database named in the target does not exist: create it, or fix the name in the URL"),
    HOST_BLOCKED(Phase.PROTOCOL, true, true, "the server blocked this client's host after too many failed connections: unblock it on the server"),
    TLS_REQUIRED(Phase.TLS, true, true, "the server accepts this client over TLS only: enable TLS in the target (e.g. sslmode=require, rediss://)"),
    DATA_MISSING(VALIDATE, false, true, "the server is up, but the data the target expects (a table, a key) is not there yet: keep waiting for migrations or seeding"),
    COMPOSE_ERROR(Phase.CONTAINER, false, true, "docker compose could not tell the containers' state: check that the Docker engine runs and that docker compose finds the project"),
    CONTAINER_NOT_RUNNING(Phase.CONTAINER, false, true, "the service's container is not running yet (no container, created, restarting, paused): see docker compose ps --all and its log"),
    HEALTHCHECK(Phase.CONTAINER, false, true, "the container runs, but its healthcheck does not pass yet: see docker inspect --format '{{json .State.Health}}' CONTAINER and its log"),
    CONTAINER_EXITED(Phase.CONTAINER, true, true, "the container stopped with an error: its log usually says why; fix it and run up again"),
    NOT_FOUND(Phase.PROTOCOL, true, true, "the object does not exist (yet): check its kind, namespace and name; readygate keeps waiting for it to be created unless --fail-fast"),
    FORBIDDEN(Phase.PROTOCOL, true, true, "the API server refused the request: grant the missing RBAC rule to the identity readygate runs as"),
    ROLLOUT_PENDING(Phase.CONTAINER, false, true, "the workload is not rolled out or ready yet: see kubectl describe and its pods' events"),
    ROLLOUT_FAILED(Phase.CONTAINER, true, true, "the workload failed (a Job that failed, a Deployment past its progress deadline): see kubectl describe and its pods' logs"),
    NO_ENDPOINTS(Phase.CONTAINER, false, true, "the Service has too few ready endpoints: check that its selector matches ready pods (kubectl get endpointslices -l kubernetes.io/service-name=NAME)"),
    POD_FAILING(Phase.CONTAINER, false, true, "a pod's container cannot start (CrashLoopBackOff, ImagePullBackOff): see kubectl describe pod and kubectl logs --previous"),
    FLAPPING(STABILITY, false, true, "the target was ready, then not, inside the stability window: it is crash-looping or restarting");

    private final Phase phase;
    private final boolean permanent;
    private final boolean backsOff;
    private final String hint;

    /**
     * The attempt's time ran out before the answer: with a shorter budget (a shared or clipped
     * attempt) this says more about the budget than about the target.
     */
    public boolean budgetRanOut() {
        return this == DNS_TIMEOUT || this == CONNECT_TIMEOUT || this == READ_TIMEOUT;
    }

    /**
     * A permanent cause that a set-up often mends moments after the port opens (an entrypoint
     * that creates the user and the database once the server listens): --fail-fast stops at it
     * only once it has lasted --fail-fast-grace.
     */
    public boolean mendedBySetup() {
        return this == AUTH_FAILED || this == ACCESS_DENIED || this == DATABASE_NOT_FOUND;
    }

    Cause(Phase phase, boolean permanent, boolean backsOff, String hint) {
        this.phase = phase;
        this.permanent = permanent;
        this.backsOff = backsOff;
        this.hint = hint;
    }

    public Phase phase() {
        return phase;
    }

    /** Waiting will not fix it on its own; --fail-fast stops at it. */
    public boolean permanent() {
        return permanent;
    }

    /** Retries back off exponentially; false when the local kernel answered and a fast cadence costs nothing. */
    public boolean backsOff() {
        return backsOff;
    }

    /** The default one-line hint. */
    public String hint() {
        return hint;
    }
}
