package mechos.kernel.internal.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.kernel.api.AgentGrant;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.Stop;
import mechos.kernel.api.TickStats;
import mechos.kernel.internal.Configs;
import mechos.kernel.internal.bus.EventBusImpl;

/** Agent identity is bound to the calling bundle (issue 12, defect 6). */
class BundleBoundKernelTest {
    @TempDir
    Path home;

    private final Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private final EventBusImpl bus = new EventBusImpl();
    private final List<String> gateSaw = new CopyOnWriteArrayList<>();
    private final List<Decision> published = new CopyOnWriteArrayList<>();

    /** Stands in for the gate: approves everything and records who it saw. */
    private final Kernel gate = new Kernel() {
        @Override
        public Decision submit(String agentId, Intent intent) {
            gateSaw.add(agentId);
            return new Decision("gate-1", agentId, intent, true, List.of(), 0);
        }

        @Override
        public SafetyStatus status() {
            return null;
        }

        @Override
        public TickStats tickStats() {
            return null;
        }

        @Override
        public void resetTickStats() {
        }

        @Override
        public long clearanceMaxAgeNanos() {
            return 500_000_000L;
        }
    };

    @AfterEach
    void close() {
        bus.close();
    }

    private CapabilityManager devGrants() {
        return new CapabilityManager(Configs.of(GrantsConfig.class, Map.of("dev__mode", true)), home, clock);
    }

    private Kernel as(CapabilityManager grants, String bsn) {
        return new BundleBoundKernel(gate, grants, bus, bsn);
    }

    @Test
    void aBundleCannotClaimAnAgentItIsNotBoundTo() {
        bus.subscribe(KernelTopics.DECISIONS, "test", 100, e -> published.add(e.payload()));
        CapabilityManager grants = devGrants();
        Decision d = as(grants, "mechos.shell").submit("brain", new Drive(0.1, 0));
        assertFalse(d.approved());
        assertEquals("identity", Kernel.VIOLATION_IDENTITY, "the id on the wire is part of the API");
        assertEquals("identity", d.mostSevere().orElseThrow().ruleId());
        assertTrue(d.reason().contains("mechos.shell") && d.reason().contains("brain"), d.reason());
        assertTrue(gateSaw.isEmpty(), "a false claim never reaches the gate");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (published.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(d.intentId(), published.get(0).intentId(), "the rejection is published like any decision");
        assertFalse(as(grants, "some.other.bundle").submit("operator", new Stop("x")).approved());
        assertFalse(as(grants, "mechos.runtime").submit("operator", new Stop("x")).approved());
        assertFalse(as(grants, "mechos.runtime").submit("stranger", new Stop("x")).approved());
        assertFalse(as(grants, "mechos.runtime").submit(null, new Stop("x")).approved());
        assertTrue(gateSaw.isEmpty());
    }

    @Test
    void developmentDefaultsBindRuntimeToBrainAndTheConsolesToOperator() {
        CapabilityManager grants = devGrants();
        assertTrue(as(grants, "mechos.runtime").submit("brain", new Stop("x")).approved());
        assertTrue(as(grants, "mechos.shell").submit("operator", new Stop("x")).approved());
        assertTrue(as(grants, "mechos.webconsole").submit("operator:alice", new Stop("x")).approved());
        assertTrue(as(grants, "mechos.kernel").submit("operator", new Stop("x")).approved());
        assertEquals(List.of("brain", "operator", "operator:alice", "operator"), gateSaw,
                "the principal is passed on to the gate and recorded");
    }

    @Test
    void aPrincipalActsWithTheAgentsGrant() {
        CapabilityManager grants = devGrants();
        assertTrue(grants.permits("operator:alice", "drive:base"));
        assertEquals("operator", grants.grant("operator:alice").orElseThrow().agentId());
        assertEquals("operator", Kernel.agentOf("operator:alice"));
        assertEquals("alice", Kernel.principalOf("operator:alice"));
        assertEquals("", Kernel.principalOf("operator"));
        assertFalse(as(grants, "mechos.webconsole").submit("brain:alice", new Stop("x")).approved());
    }

    @Test
    void signedBundlesListWithGlobsDecidesInProductionMode() throws Exception {
        KeyPair key = Ed25519.generate();
        Path file = home.resolve("grants/grants.json");
        Files.createDirectories(file.getParent());
        Files.write(file, GrantFile.render(List.of(
                new AgentGrant("brain", List.of("*"), 0.3, 1.0, Long.MAX_VALUE, List.of("mechos.runtime")),
                new AgentGrant("operator", List.of("*"), Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                        Long.MAX_VALUE, List.of("mechos.shell", "itest.*")),
                new AgentGrant("nobody", List.of("*"), Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                        Long.MAX_VALUE, List.of())),
                now, null));
        GrantFile.sign(file, key.getPrivate());
        CapabilityManager grants = new CapabilityManager(Configs.of(GrantsConfig.class,
                Map.of("trusted__public__key", Ed25519.encode(key.getPublic()), "dev__mode", false)), home, clock);
        assertNull(grants.identityViolation("itest.probe", "operator"));
        assertNull(grants.identityViolation("mechos.runtime", "brain"));
        assertTrue(grants.identityViolation("mechos.runtime", "operator") != null);
        assertTrue(grants.identityViolation("mechos.runtime", "nobody") != null, "an empty list binds no bundle");
        assertEquals(List.of("mechos.runtime"), grants.grant("brain").orElseThrow().bundles());
    }

    @Test
    void aGrantWithoutBundlesStaysUsableByAnyBundleAsBefore() throws Exception {
        KeyPair key = Ed25519.generate();
        Path file = home.resolve("g.json");
        Files.writeString(file, "{\"version\":1,\"grants\":[{\"agent\":\"brain\",\"capabilities\":[\"*\"]}]}");
        GrantFile.sign(file, key.getPrivate());
        CapabilityManager grants = new CapabilityManager(Configs.of(GrantsConfig.class,
                Map.of("grants__file", file.toString(), "trusted__public__key", Ed25519.encode(key.getPublic()),
                        "dev__mode", false)), home, clock);
        assertNull(grants.identityViolation("anything", "brain"), grants.status());
        assertTrue(grants.status().contains("any bundle"), grants.status());
    }

    @Test
    void unknownKeysAndBadBundleListsRejectTheGrantSet() throws Exception {
        KeyPair key = Ed25519.generate();
        Path file = home.resolve("g.json");
        for (String grant : List.of("{\"agent\":\"brain\",\"capabilities\":[\"*\"],\"maxLinar\":0.2}",
                "{\"agent\":\"brain\",\"capabilities\":[\"*\"],\"bundles\":\"mechos.runtime\"}",
                "{\"agent\":\"brain\",\"capabilities\":[\"*\"],\"bundles\":[\"\"]}",
                "{\"agent\":\"brain\"}",
                "{\"agent\":\"brain:x\",\"capabilities\":[\"*\"]}")) {
            Files.writeString(file, "{\"version\":1,\"grants\":[" + grant + "]}");
            GrantFile.sign(file, key.getPrivate());
            CapabilityManager grants = new CapabilityManager(Configs.of(GrantsConfig.class,
                    Map.of("grants__file", file.toString(), "trusted__public__key", Ed25519.encode(key.getPublic()),
                            "dev__mode", false)), home, clock);
            assertTrue(grants.status().startsWith("REJECTED"), grant + " -> " + grants.status());
            assertFalse(grants.permits("brain", "drive:base"));
        }
    }

    @Test
    void anIdentityViolationIsLoggedOncePerBundleAndAgent() {
        CapabilityManager grants = devGrants();
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            for (int i = 0; i < 5; i++) {
                as(grants, "mechos.shell").submit("brain", new Stop("x"));
            }
            as(grants, "mechos.shell").submit("brain:alice", new Stop("x"));
            as(grants, "other.bundle").submit("brain", new Stop("x"));
            as(grants, "mechos.shell").submit("stranger", new Stop("x"));
        } finally {
            System.setErr(err);
        }
        String log = captured.toString();
        assertEquals(3, log.split("identity violation", -1).length - 1, log);
    }

    /** The per-bundle Kernel must pass every query on: a default method left to the interface answers wrongly. */
    @Test
    void everyKernelMethodIsDelegatedNotLeftToADefault() throws Exception {
        for (java.lang.reflect.Method m : Kernel.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            assertEquals(BundleBoundKernel.class,
                    BundleBoundKernel.class.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass(),
                    () -> m.getName() + " is not delegated to the kernel");
        }
    }
}
