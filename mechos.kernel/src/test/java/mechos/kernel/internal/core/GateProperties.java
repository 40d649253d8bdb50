package mechos.kernel.internal.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import mechos.hal.api.DeviceKind;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.MoveEndEffector;
import mechos.kernel.api.TriggerRelay;

class GateProperties {
    private TestKernel k;

    @BeforeProperty
    void start() throws IOException {
        Path home = Files.createTempDirectory("mechos-gate");
        k = new TestKernel(home, Map.of("lease__ms", 2000L));
        k.registry.attach("lamp", DeviceKind.RELAY, new FakeRelay("lamp"), "test");
    }

    @AfterProperty
    void stop() {
        k.close();
    }

    @Property(tries = 1000)
    void noIntentWithANonFiniteNumberIsEverApproved(@ForAll("nonFinite") Intent intent,
            @ForAll("agents") String agent) {
        Decision d = k.kernel.submit(agent, intent);
        assertFalse(d.approved(), () -> intent + " approved: " + d);
    }

    @Property(tries = 1000)
    void nothingAboveACapIsApproved(@ForAll("speeds") double linear, @ForAll("speeds") double angular,
            @ForAll("agents") String agent) {
        Decision d = k.kernel.submit(agent, new Drive(linear, angular));
        if (d.approved()) {
            // caps 0.5 / 1.5, and without a world model the creep limits 0.1 / 0.5 apply too
            assertTrue(Math.abs(linear) <= 0.1 && Math.abs(angular) <= 0.5, () -> "approved " + d);
        }
        if (Math.abs(linear) > 0.5 || Math.abs(angular) > 1.5) {
            assertFalse(d.approved());
        }
    }

    @Property(tries = 300)
    void unknownAgentsHoldNothing(@ForAll("strangers") String agent, @ForAll("anyIntent") Intent intent) {
        Decision d = k.kernel.submit(agent, intent);
        assertFalse(d.approved(), () -> agent + " " + intent + " approved");
        assertTrue(d.violations().stream().anyMatch(v -> v.ruleId().equals("capability")), d::reason);
    }

    @Provide
    Arbitrary<String> agents() {
        return Arbitraries.of("brain", "operator");
    }

    @Provide
    Arbitrary<String> strangers() {
        return Arbitraries.strings().ofMinLength(0).ofMaxLength(12).filter(s -> !s.equals("brain") && !s.equals("operator"));
    }

    @Provide
    Arbitrary<Double> speeds() {
        return Arbitraries.doubles().between(-5, 5).edgeCases(c -> c.includeOnly(0.0, 0.1, 0.5, 1.5, -0.5));
    }

    private static Arbitrary<Double> anyDouble() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(-2, 2),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }

    @Provide
    Arbitrary<Intent> nonFinite() {
        Arbitrary<Double> bad = Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        Arbitrary<Double> any = anyDouble();
        return Arbitraries.oneOf(
                Combinators.combine(bad, any).as(Drive::new),
                Combinators.combine(any, bad).as(Drive::new),
                Combinators.combine(bad, any, any).as((x, y, z) -> new MoveEndEffector("arm", x, y, z, null)),
                Combinators.combine(any, bad, any).as((x, y, z) -> new MoveEndEffector("arm", x, y, z, null)),
                Combinators.combine(any, any, bad).as((x, y, z) -> new MoveEndEffector("arm", x, y, z, null)));
    }

    @Provide
    Arbitrary<Intent> anyIntent() {
        Arbitrary<Double> small = Arbitraries.doubles().between(-0.05, 0.05);
        return Arbitraries.oneOf(Combinators.combine(small, small).as(Drive::new),
                Arbitraries.of(true, false).map(s -> new TriggerRelay("lamp", s)));
    }
}
