package dev.readygate.protocol.k8s;

import dev.readygate.config.ConfigException;
import dev.readygate.config.YamlFile;
import dev.readygate.config.YamlNodes;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.Collection;
import javax.net.ssl.SSLContext;

/**
 * A kubeconfig file, as kubectl reads it: the current context's cluster (server, certificate-authority(-data),
 * insecure-skip-tls-verify) and user (token, tokenFile, client-certificate(-data) with client-key(-data)). Relative
 * file names are relative to the kubeconfig's folder. Exec credential plugins and auth providers are refused with one
 * line. Every error is a {@link ConfigException} {@code FILE:LINE:COL: what; fix}; no error holds a secret.
 */
final class Kubeconfig {
    private static final YamlFile.Kind KIND = new YamlFile.Kind("a kubeconfig is a few KB", "a kubeconfig needs 4 levels",
            "a value is a server address, a file name or base64 data");

    private final Path file;
    private final String display;

    private Kubeconfig(Path file) {
        this.file = file;
        this.display = file.toString();
    }

    /** The access the current context of {@code file} describes. */
    static Access read(Path file) {
        return new Kubeconfig(file).access();
    }

    private Access access() {
        Node root = YamlFile.compose(YamlFile.read(file, display, KIND), display, KIND);
        if (root == null) throw new ConfigException(display + ": the kubeconfig is empty; write one with kubectl config, or point --kubeconfig at another");
        MappingNode top = mapping(root, "the kubeconfig");
        ScalarNode current = scalar(top, "current-context");
        if (current == null || current.getValue().isBlank())
            throw new ConfigException(display + ": no current-context; set one with kubectl config use-context NAME");
        String contextName = current.getValue();
        MappingNode context = named(top, "contexts", "context", contextName, current);
        ScalarNode clusterName = scalar(context, "cluster");
        ScalarNode userName = scalar(context, "user");
        if (clusterName == null) throw at(context, "context " + contextName + " names no cluster", "add cluster: NAME");
        MappingNode cluster = named(top, "clusters", "cluster", clusterName.getValue(), clusterName);
        MappingNode user = userName == null ? null : named(top, "users", "user", userName.getValue(), userName);

        ScalarNode server = scalar(cluster, "server");
        if (server == null || server.getValue().isBlank()) throw at(cluster, "cluster " + clusterName.getValue() + " has no server", "add server: https://HOST:PORT");
        URI uri;
        try {
            uri = URI.create(server.getValue().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw at(server, "server '" + server.getValue() + "' is not a URL", "write https://HOST:PORT");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null)
            throw at(server, "server '" + server.getValue() + "' is not an http(s) URL", "write https://HOST:PORT");

        ScalarNode insecure = scalar(cluster, "insecure-skip-tls-verify");
        boolean skip = insecure != null && insecure.getValue().equals("true");
        Collection<X509Certificate> cas = null;
        ScalarNode caData = scalar(cluster, "certificate-authority-data");
        ScalarNode caFile = scalar(cluster, "certificate-authority");
        if (caData != null) cas = guard(caData, () -> Access.certificates(decode(caData), "certificate-authority-data"));
        else if (caFile != null) cas = guard(caFile, () -> Access.certificates(Access.bytes(resolve(caFile)), "certificate-authority " + caFile.getValue()));

        Access.Token token = null;
        Collection<X509Certificate> chain = null;
        PrivateKey key = null;
        if (user != null) {
            Node authProvider = value(user, "auth-provider");
            if (authProvider != null)
                throw at(authProvider, "user " + userName.getValue() + " uses an auth-provider credential plugin (removed from kubectl in 1.26),"
                        + " which readygate does not support", "use its exec plugin instead (e.g. gke-gcloud-auth-plugin, kubelogin), or a token");
            ScalarNode t = scalar(user, "token");
            ScalarNode tf = scalar(user, "tokenFile");
            Node exec = value(user, "exec");
            if (t != null && !t.getValue().isBlank()) token = Access.Token.fixed(t.getValue().trim());
            else if (tf != null) token = Access.Token.file(resolve(tf));
            else if (exec != null && !YamlNodes.isNull(exec)) token = Access.Token.exec(exec(mapping(exec, "exec of user " + userName.getValue()),
                    userName.getValue()));
            ScalarNode cd = scalar(user, "client-certificate-data");
            ScalarNode cf = scalar(user, "client-certificate");
            ScalarNode kd = scalar(user, "client-key-data");
            ScalarNode kf = scalar(user, "client-key");
            if (cd != null || cf != null) {
                ScalarNode c = cd != null ? cd : cf;
                if (kd == null && kf == null) throw at(c, "user " + userName.getValue() + " has a client certificate but no client key", "add client-key or client-key-data");
                chain = guard(c, () -> Access.certificates(cd != null ? decode(cd) : Access.bytes(resolve(cf)), "client-certificate of user " + userName.getValue()));
                ScalarNode k = kd != null ? kd : kf;
                key = guard(k, () -> Access.privateKey(kd != null ? decode(kd) : Access.bytes(resolve(kf)), "client-key of user " + userName.getValue()));
            }
        }
        Collection<X509Certificate> fcas = cas;
        Collection<X509Certificate> fchain = chain;
        PrivateKey fkey = key;
        SSLContext tls = guard(server, () -> Access.tls(fcas, skip, fchain, fkey));
        return new Access(uri, tls, token, "kubeconfig " + display + " (context " + contextName + ")");
    }

    /** A user's exec credential plugin: command (with a '/', relative to this file's folder), args, env, apiVersion. */
    private ExecPlugin exec(MappingNode m, String user) {
        ScalarNode command = scalar(m, "command");
        if (command == null || command.getValue().isBlank()) throw at(m, "the exec plugin of user " + user + " has no command", "add command: NAME");
        ScalarNode interactive = scalar(m, "interactiveMode");
        if (interactive != null && interactive.getValue().equals("Always"))
            throw at(interactive, "the exec plugin of user " + user + " needs a terminal (interactiveMode: Always), which readygate never gives",
                    "use a plugin mode that needs no input, or a token");
        String cmd = command.getValue().contains("/") ? resolve(command).toString() : command.getValue();
        List<String> args = new ArrayList<>();
        Node a = value(m, "args");
        if (a != null && !YamlNodes.isNull(a))
            for (Node item : YamlNodes.sequence(a, "args of the exec plugin", "write a list of arguments", this::at)) {
                if (!(item instanceof ScalarNode s)) throw at(item, "an argument of the exec plugin is " + YamlNodes.shape(item), "write a value");
                args.add(s.getValue());
            }
        Map<String, String> env = new LinkedHashMap<>();
        Node e = value(m, "env");
        if (e != null && !YamlNodes.isNull(e))
            for (Node item : YamlNodes.sequence(e, "env of the exec plugin", "write a list of {name, value}", this::at)) {
                MappingNode pair = mapping(item, "an entry of the exec plugin's env");
                ScalarNode n = scalar(pair, "name");
                ScalarNode v = scalar(pair, "value");
                if (n == null) throw at(pair, "an entry of the exec plugin's env has no name", "add name: NAME");
                env.put(n.getValue(), v == null ? "" : v.getValue());
            }
        ScalarNode version = scalar(m, "apiVersion");
        String apiVersion = version == null ? "client.authentication.k8s.io/v1" : version.getValue();
        if (!apiVersion.startsWith("client.authentication.k8s.io/"))
            throw at(version, "the exec plugin's apiVersion is '" + apiVersion + "'", "write client.authentication.k8s.io/v1 (or v1beta1)");
        String shown = Path.of(command.getValue()).getFileName().toString();
        return new ExecPlugin(ExecPlugin.commandLine(cmd, args), env, apiVersion, shown);
    }

    private Path resolve(ScalarNode n) {
        Path p = Path.of(n.getValue());
        Path dir = file.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }

    private byte[] decode(ScalarNode n) {
        try {
            return Base64.getMimeDecoder().decode(n.getValue().getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not valid base64");
        }
    }

    /** Runs {@code step}, turning its one-line IllegalArgumentException into a ConfigException at {@code n}. */
    private <T> T guard(Node n, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw at(n, e.getMessage(), "fix the kubeconfig");
        }
    }

    /** The entry {@code {name: NAME, FIELD: {...}}} of the list {@code listKey}. */
    private MappingNode named(MappingNode top, String listKey, String field, String name, Node ref) {
        Node list = value(top, listKey);
        if (list != null && !YamlNodes.isNull(list)) {
            for (Node item : YamlNodes.sequence(list, listKey, "write a list of {name, " + field + "}", this::at)) {
                MappingNode m = mapping(item, "an entry of " + listKey);
                ScalarNode n = scalar(m, "name");
                if (n != null && n.getValue().equals(name)) {
                    Node body = value(m, field);
                    if (body == null || YamlNodes.isNull(body)) throw at(m, listKey + " entry " + name + " has no " + field, "add " + field + ":");
                    return mapping(body, field + " " + name);
                }
            }
        }
        throw at(ref, "no " + field + " named " + name + " in " + listKey, "add it, or fix the name");
    }

    private MappingNode mapping(Node n, String what) {
        return YamlNodes.mapping(n, what, "see kubectl config view", this::at);
    }

    private static Node value(MappingNode m, String key) {
        for (NodeTuple t : m.getValue())
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return t.getValueNode();
        return null;
    }

    private ScalarNode scalar(MappingNode m, String key) {
        Node v = value(m, key);
        if (v == null || YamlNodes.isNull(v)) return null;
        if (!(v instanceof ScalarNode s)) throw at(v, key + " is " + YamlNodes.shape(v) + ", not a value", "write a single value");
        return s;
    }

    private ConfigException at(Node n, String what, String fix) {
        return new ConfigException(YamlNodes.origin(display, n).toString() + ": " + what + "; " + fix);
    }
}
