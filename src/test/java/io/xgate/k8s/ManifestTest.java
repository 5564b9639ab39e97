package io.xgate.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests in {@code k8s/}, parsed and checked against each other and against the gateway:
 * every file kustomize names exists; labels match selectors; the ConfigMap holds every file a pod is told to read,
 * and those files, laid out as the pod sees them, are valid gateway configurations; probes hit the admin API's
 * real endpoints on its configured port; Hazelcast and event-bus ports agree across config, containers, the
 * headless Service and the NetworkPolicy; each venue Deployment runs a leader and a hot standby (two replicas
 * with {@code ha.enabled}, on different nodes, one PodDisruptionBudget of its own, rolled one new pod at a time,
 * time to hand over on SIGTERM).
 */
class ManifestTest {

    private static final Path K8S = Path.of("k8s");
    private static final Set<String> ADMIN_ENDPOINTS = Set.of("/health/live", "/health/ready", "/metrics");

    @TempDir
    Path etc;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    private static Object at(Object o, String... path) {
        for (String p : path) {
            o = o == null ? null : map(o).get(p);
        }
        return o;
    }

    private static List<Map<String, Object>> documents() throws IOException {
        Map<String, Object> k = map(new Yaml().load(Files.readString(K8S.resolve("kustomization.yaml"))));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object r : list(k.get("resources"))) {
            Path f = K8S.resolve((String) r);
            assertTrue(Files.exists(f), "kustomization names " + f + ", which does not exist");
            for (Object d : new Yaml().loadAll(Files.readString(f))) {
                docs.add(map(d));
            }
        }
        return docs;
    }

    private static List<Map<String, Object>> of(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    @Test
    void selectorsMatchTheirPods() throws IOException {
        List<Map<String, Object>> docs = documents();
        List<Map<String, Object>> deployments = of(docs, "Deployment");
        assertEquals(3, deployments.size(), "two venue nodes and one strategy node");
        List<Map<String, Object>> podLabels = new ArrayList<>();
        for (Map<String, Object> d : deployments) {
            Map<String, Object> labels = map(at(d, "spec", "template", "metadata", "labels"));
            assertTrue(matches(map(at(d, "spec", "selector", "matchLabels")), labels), "deployment "
                    + at(d, "metadata", "name") + ": its selector does not match its own pods");
            podLabels.add(labels);
        }
        for (Map<String, Object> s : of(docs, "Service")) {
            Map<String, Object> sel = map(at(s, "spec", "selector"));
            assertTrue(podLabels.stream().anyMatch(l -> matches(sel, l)), "service " + at(s, "metadata", "name")
                    + " selects no pod");
        }
        for (Map<String, Object> p : of(docs, "NetworkPolicy")) {
            Map<String, Object> sel = map(at(p, "spec", "podSelector", "matchLabels"));
            assertEquals(3, podLabels.stream().filter(l -> matches(sel, l)).count(), "NetworkPolicy covers every pod");
        }
        // the eviction API refuses a pod that more than one budget selects, so: exactly one per pod
        for (Map<String, Object> d : deployments) {
            Map<String, Object> labels = map(at(d, "spec", "template", "metadata", "labels"));
            assertEquals(1, of(docs, "PodDisruptionBudget").stream()
                    .filter(p -> matches(map(at(p, "spec", "selector", "matchLabels")), labels)).count(),
                    "deployment " + at(d, "metadata", "name") + ": its pods must be selected by exactly one PDB");
        }
    }

    /** The ConfigMaps kustomize generates, by name, each key's source file; xgate-conf copied into {@link #etc}. */
    private Map<String, Map<String, Path>> mount() throws IOException {
        Map<String, Object> k = map(new Yaml().load(Files.readString(K8S.resolve("kustomization.yaml"))));
        Map<String, Map<String, Path>> configMaps = new HashMap<>();
        for (Object g : list(k.get("configMapGenerator"))) {
            Map<String, Path> files = new HashMap<>();
            for (Object f : list(map(g).get("files"))) {
                String[] kv = ((String) f).split("=", 2);
                assertFalse(kv[1].startsWith(".."), "kustomize refuses files outside k8s/: " + kv[1]);
                Path source = K8S.resolve(kv[1]).normalize();
                assertTrue(Files.exists(source), "ConfigMap file " + source + " does not exist");
                files.put(kv[0], source);
            }
            configMaps.put((String) map(g).get("name"), files);
        }
        // the mount, as a pod sees it: every key of the ConfigMap a file in /etc/xgate
        for (Map.Entry<String, Path> f : configMaps.get("xgate-conf").entrySet()) {
            Files.copy(f.getValue(), etc.resolve(f.getKey()));
        }
        return configMaps;
    }

    /**
     * The gateway file a Deployment's container reads, loaded as mounted (valid, or it throws), with the variables
     * its container sets from a Secret (a placeholder value: only that they are set matters here).
     */
    private GatewayConfig configOf(Map<String, Object> deployment) {
        Map<String, Object> c = map(list(at(deployment, "spec", "template", "spec", "containers")).get(0));
        List<Object> args = list(c.get("args"));
        String key = Path.of((String) args.get(args.indexOf("--config") + 1)).getFileName().toString();
        Map<String, String> fromSecrets = new HashMap<>();
        for (Object e : list(c.get("env"))) {
            if (at(e, "valueFrom", "secretKeyRef") != null) {
                fromSecrets.put((String) map(e).get("name"), "from-a-secret");
            }
        }
        return new ConfigLoader(fromSecrets::get).load(etc.resolve(key));
    }

    /**
     * Issue 16: any pod in the cluster reaches the admin port (the NetworkPolicy lets it), so every Deployment binds
     * the admin API to its pod's IP and guards it with {@code admin.token}, set from the Secret (required, not
     * optional); the probes use {@code /health/*}, which needs no token.
     */
    @Test
    void everyAdminApiBindsToThePodIpAndHasATokenFromTheSecret() throws IOException {
        mount();
        Map<String, Object> template = map(new Yaml().load(Files.readString(K8S.resolve("secret-template.yaml"))));
        for (Map<String, Object> d : of(documents(), "Deployment")) {
            String name = (String) at(d, "metadata", "name");
            Map<String, Object> c = map(list(at(d, "spec", "template", "spec", "containers")).get(0));
            List<Object> args = list(c.get("args"));
            assertTrue(args.contains("--admin-host"), name + ": --admin-host");
            assertEquals("$(POD_IP)", args.get(args.indexOf("--admin-host") + 1), name + ": bound to the pod's IP");
            Map<String, Map<String, Object>> env = new HashMap<>();
            list(c.get("env")).forEach(e -> env.put((String) map(e).get("name"), map(e)));
            assertEquals("status.podIP", at(env.get("POD_IP"), "valueFrom", "fieldRef", "fieldPath"), name);

            GatewayConfig config = configOf(d);
            assertNotNull(config.admin().token(), name + ": admin.token is set");
            String var = config.admin().token().source().replaceFirst("^env ", "");
            Object ref = at(env.get(var), "valueFrom", "secretKeyRef");
            assertNotNull(ref, name + ": " + var + " comes from a Secret");
            assertEquals(at(template, "metadata", "name"), map(ref).get("name"), name + ": the Secret of the template");
            assertTrue(map(template.get("stringData")).containsKey(map(ref).get("key")),
                    name + ": the template has the key " + map(ref).get("key"));
            assertNotEquals(Boolean.TRUE, map(ref).get("optional"), name + ": the token is required");
            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                assertTrue(((String) at(c, probe, "httpGet", "path")).startsWith("/health/"),
                        name + " " + probe + " needs no token");
            }
        }
    }

    @Test
    void everyPodReadsAValidConfigurationFromTheConfigMapAndPortsAgree() throws IOException {
        Map<String, Map<String, Path>> configMaps = mount();
        List<Map<String, Object>> docs = documents();
        Map<String, Object> hazelcastService = of(docs, "Service").stream()
                .filter(s -> "None".equals(at(s, "spec", "clusterIP"))).findFirst().orElseThrow();
        int servicePort = (Integer) map(list(at(hazelcastService, "spec", "ports")).get(0)).get("port");
        List<Integer> policyPorts = new ArrayList<>();
        for (Object rule : list(at(of(docs, "NetworkPolicy").get(0), "spec", "ingress"))) {
            if (map(rule).get("from") != null) {
                list(map(rule).get("ports")).forEach(p -> policyPorts.add((Integer) map(p).get("port")));
            }
        }
        for (Map<String, Object> d : of(docs, "Deployment")) {
            String name = (String) at(d, "metadata", "name");
            Map<String, Object> pod = map(at(d, "spec", "template", "spec"));
            Map<String, Object> volume = map(list(pod.get("volumes")).get(0));
            String cm = (String) at(volume, "configMap", "name");
            assertNotNull(configMaps.get(cm), name + " mounts ConfigMap " + cm + ", which kustomize does not generate");
            Map<String, Object> c = map(list(pod.get("containers")).get(0));
            List<Object> args = list(c.get("args"));
            String file = (String) args.get(args.indexOf("--config") + 1);
            String key = Path.of(file).getFileName().toString();
            assertTrue(configMaps.get(cm).containsKey(key), name + " reads " + file + ", not a key of " + cm);
            assertTrue(args.contains("--cluster-host"), name + " must advertise its pod IP");

            GatewayConfig config = configOf(d);
            assertTrue(config.cluster().enabled(), name + ": clustered");
            Map<String, Integer> ports = new HashMap<>();
            list(c.get("ports")).forEach(p -> ports.put((String) map(p).get("name"), (Integer) map(p).get("containerPort")));
            assertEquals(config.admin().port(), ports.get("admin"), name + ": admin port");
            assertEquals(config.cluster().hazelcastPort(), ports.get("hazelcast"), name + ": Hazelcast port");
            assertEquals(config.cluster().port(), ports.get("eventbus"), name + ": event-bus port");
            assertEquals(servicePort, ports.get("hazelcast"), name + ": the headless Service's port");
            assertTrue(policyPorts.contains(ports.get("hazelcast")) && policyPorts.contains(ports.get("eventbus")),
                    name + ": the NetworkPolicy must admit Hazelcast and the event bus from gateway pods");
            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                Map<String, Object> get = map(at(c, probe, "httpGet"));
                assertTrue(ADMIN_ENDPOINTS.contains((String) get.get("path")), name + " " + probe + ": " + get);
                assertEquals("admin", get.get("port"), name + " " + probe + " port");
            }
            assertEquals("/health/ready", at(c, "readinessProbe", "httpGet", "path"));
            assertEquals("/health/live", at(c, "livenessProbe", "httpGet", "path"));
            assertNotNull(at(c, "resources", "limits", "memory"), name + ": memory limit");
            assertNotNull(at(c, "resources", "requests", "cpu"), name + ": cpu request");
        }
    }

    /**
     * High availability (issue 15): each venue Deployment runs a leader and a hot standby of the same
     * {@code node.venues}, never on one node, never both disrupted or replaced at once, and its pods have time to
     * hand over on SIGTERM. A node without {@code ha} runs one pod: two would publish every event twice.
     */
    @Test
    void everyVenueDeploymentRunsALeaderAndAHotStandby() throws IOException {
        mount();
        List<Map<String, Object>> docs = documents();
        List<Map<String, Object>> deployments = of(docs, "Deployment");
        Set<String> venuesRun = new HashSet<>();
        int venueDeployments = 0;
        for (Map<String, Object> d : deployments) {
            String name = (String) at(d, "metadata", "name");
            GatewayConfig config = configOf(d);
            Map<String, Object> pod = map(at(d, "spec", "template", "spec"));
            Map<String, Object> labels = map(at(d, "spec", "template", "metadata", "labels"));
            if (config.node().venues().isEmpty()) {
                assertFalse(config.ha().enabled(), name + ": ha elects venue leaders; this node runs no venue");
                assertEquals(1, at(d, "spec", "replicas"), name + ": one pod, without ha");
                continue;
            }
            venueDeployments++;
            for (String v : config.node().venues()) {
                assertTrue(venuesRun.add(v), name + ": venue " + v + " is run by another Deployment too");
            }
            assertEquals(2, at(d, "spec", "replicas"), name + ": a leader and a hot standby");
            assertTrue(config.ha().enabled(), name + ": two replicas without ha.enabled publish every event twice");

            assertEquals("RollingUpdate", at(d, "spec", "strategy", "type"), name + ": strategy");
            assertEquals(0, at(d, "spec", "strategy", "rollingUpdate", "maxUnavailable"),
                    name + ": a new pod is a LIVE standby before an old one stops");
            assertEquals(1, at(d, "spec", "strategy", "rollingUpdate", "maxSurge"), name + ": maxSurge");

            List<Object> anti = list(at(pod, "affinity", "podAntiAffinity",
                    "requiredDuringSchedulingIgnoredDuringExecution"));
            assertEquals(1, anti.size(), name + ": one required pod anti-affinity term");
            Map<String, Object> term = map(anti.get(0));
            assertEquals("kubernetes.io/hostname", term.get("topologyKey"), name + ": never two of its pods on a node");
            Map<String, Object> antiSelector = map(at(term, "labelSelector", "matchLabels"));
            for (Map<String, Object> other : deployments) {
                boolean own = other == d;
                assertEquals(own, matches(antiSelector, map(at(other, "spec", "template", "metadata", "labels"))),
                        name + ": its anti-affinity must select its own pods and only those; "
                                + at(other, "metadata", "name") + (own ? " not selected" : " selected"));
            }

            List<Map<String, Object>> budgets = of(docs, "PodDisruptionBudget").stream()
                    .filter(p -> matches(map(at(p, "spec", "selector", "matchLabels")), labels)).toList();
            assertEquals(1, budgets.size(), name + ": one PodDisruptionBudget");
            Map<String, Object> budget = map(budgets.get(0).get("spec"));
            assertEquals(1, budget.get("minAvailable"), name + ": a drain never takes both pods");
            assertFalse(budget.containsKey("maxUnavailable"), name + ": minAvailable only");
            Map<String, Object> budgetSelector = map(at(budget, "selector", "matchLabels"));
            for (Map<String, Object> other : deployments) {
                assertTrue(other == d || !matches(budgetSelector, map(at(other, "spec", "template", "metadata", "labels"))),
                        name + ": its PDB also selects the pods of " + at(other, "metadata", "name"));
            }

            long grace = ((Number) pod.get("terminationGracePeriodSeconds")).longValue();
            long needed = config.ha().handover().toSeconds() + 10;
            assertTrue(grace >= needed, name + ": terminationGracePeriodSeconds " + grace + " leaves too little after "
                    + "ha.handover " + config.ha().handover() + " for the rest of a clean stop; give at least " + needed);
            Map<String, Object> c = map(list(pod.get("containers")).get(0));
            assertEquals("/health/ready", at(c, "readinessProbe", "httpGet", "path"),
                    name + ": readiness is the books' LIVE state, on a standby as on the leader");
        }
        assertEquals(2, venueDeployments, "two venue Deployments");
    }

    /** kustomize reads only below k8s/, so the live venue files are copies there; they must not drift. */
    @Test
    void theVenueFilesAreThoseOfConfVenuesLive() throws IOException {
        for (String v : List.of("binance.yaml", "kraken.yaml")) {
            assertEquals(Files.readString(Path.of("conf/venues-live").resolve(v)),
                    Files.readString(K8S.resolve("conf").resolve(v)), "k8s/conf/" + v + " differs from conf/venues-live/"
                            + v + ": copy it again");
        }
    }

    @Test
    void theSecretTemplateHoldsNoKeysAndIsNotApplied() throws IOException {
        String template = Files.readString(K8S.resolve("secret-template.yaml"));
        Map<String, Object> secret = map(new Yaml().load(template));
        for (Object v : map(secret.get("stringData")).values()) {
            assertTrue(((String) v).startsWith("<your "), "a placeholder, never a key: " + v);
        }
        assertFalse(Files.readString(K8S.resolve("kustomization.yaml")).contains("- secret-template.yaml"),
                "the template is not applied");
    }
}
