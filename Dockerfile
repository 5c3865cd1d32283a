# syntax=docker/dockerfile:1
# readygate as a container image: a jlink'd JDK 25 with the two modules readygate needs, its jar and
# an AOT cache trained at build time, on a distroless base (glibc, no shell, no package manager),
# run as a non-root numeric user. See docs/container.md.
#
#   docker build -t readygate .
#   docker run --rm --read-only readygate wait --timeout 60s tcp://db:5432 http://api:8080/health

# ---- build: the jar (Maven wrapper) and the runtime (scripts/build-runtime.sh) ----------------------
FROM eclipse-temurin:25-jdk AS build
# binutils: strip, for the JDK's native libraries (5 MiB less in the runtime)
RUN apt-get update \
 && apt-get install -y --no-install-recommends binutils \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/main/ src/main/
RUN ./mvnw -B -q -Dmaven.test.skip=true package
# The runtime is built where the final image keeps it, so the AOT cache records the same paths. The
# script reads the ENTRYPOINT below for the training's JVM options and checks the result by running
# exactly that line with -XX:AOTMode=on (the build fails if the cache cannot be used). The training
# servers listen on 127.0.0.1 only; no network is needed after Maven.
COPY Dockerfile ./
COPY scripts/ scripts/
RUN scripts/build-runtime.sh target/readygate.jar /opt/readygate

# ---- the image ------------------------------------------------------------------------------------
# base-nossl-debian12: glibc (the JVM links nothing else: libc, libm, libdl, libpthread, librt),
# tzdata, /etc/passwd with nonroot (65532), no shell, no package manager; ~14-15 MiB. The JVM brings
# its own TLS and trust store (lib/security/cacerts), so base-debian12's OpenSSL (~6 MiB more) would
# be dead weight. Pinned by tag: no digest could be checked from here; pin it with `docker buildx
# imagetools inspect gcr.io/distroless/base-nossl-debian12:nonroot` and FROM ...@sha256:<digest>
# where builds must be reproducible.
FROM gcr.io/distroless/base-nossl-debian12:nonroot
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="readygate" \
      org.opencontainers.image.description="Waits for TCP and HTTP(S) targets and nginx upstreams before a pipeline stage or a container start, and says why they are not ready." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.base.name="gcr.io/distroless/base-nossl-debian12:nonroot"
COPY --from=build /opt/readygate /opt/readygate
USER 65532:65532
# The JVM options are here, not in JAVA_TOOL_OPTIONS (the JVM announces that variable on stderr).
#   -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=4 -Xss512k
#     -XX:+UnlockDiagnosticVMOptions -XX:AsyncDeflationInterval=2000: the launcher's options for a
#     fast start and little CPU while waiting (bin/readygate, docs/benchmarks.md); -Xmx64m pins the
#     heap: unpinned, a large node's default heap turns off compressed oops and the JVM rejects the
#     AOT cache.
#   -XX:-AOTReplayTraining: the cache's method profiles are not replayed (compiling them at start
#     cost ~25 ms of CPU and no wall time saved).
#   -XX:-UsePerfData: no hsperfdata file in /tmp (readOnlyRootFilesystem: true).
#   -XX:AOTCache: the cache made at build time, only read at run time; -Xlog:aot=off -Xlog:cds=off: if
#     it cannot be used (another JVM option added), the JVM runs without it and says nothing.
# Must stay one line: scripts/build-runtime.sh and ContainerRuntimeIT read it.
ENTRYPOINT ["/opt/readygate/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=4", "-Xss512k", "-Xmx64m", "-XX:-UsePerfData", "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining", "-XX:AsyncDeflationInterval=2000", "-XX:AOTCache=/opt/readygate/readygate.aot", "-Xlog:aot=off", "-Xlog:cds=off", "-jar", "/opt/readygate/readygate.jar"]
CMD ["--help"]
