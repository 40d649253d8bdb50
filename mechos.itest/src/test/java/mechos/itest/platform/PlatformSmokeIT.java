package mechos.itest.platform;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import mechos.itest.support.MechosTestSupport;

/** Boots the robot's bundle set (run.jar) in a real Felix and checks the platform is whole and secured. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformSmokeIT {
    @Inject
    BundleContext context;
    @Inject
    ConfigurationAdmin configAdmin;
    @Inject
    ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> true);
    }

    @Test
    public void everyBundleOfTheRunIsActive() {
        awaitCondition("all bundles active", Duration.ofSeconds(30), () -> notActive().isEmpty());
        assertEquals(List.of(), notActive());
        List<String> names = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            names.add(b.getSymbolicName());
        }
        for (String required : List.of("org.apache.felix.scr", "org.apache.felix.configadmin",
                "org.apache.felix.metatype", "org.apache.felix.gogo.shell", "org.apache.felix.webconsole",
                "org.apache.felix.webconsole.plugins.ds", "org.apache.felix.http.jetty", "ch.qos.logback.classic",
                "mechos.kernel", "mechos.hal.api", "mechos.platform", "mechos.logging")) {
            assertTrue(required + " is part of the run", names.contains(required));
        }
    }

    private List<String> notActive() {
        List<String> bad = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                bad.add(b.getSymbolicName() + " state=" + b.getState());
            }
        }
        return bad;
    }

    @Test
    public void noMechosComponentIsUnsatisfiedOrFailed() {
        awaitCondition("MechOS components satisfied", Duration.ofSeconds(30), () -> unhealthyComponents().isEmpty());
        assertEquals(List.of(), unhealthyComponents());
    }

    private List<String> unhealthyComponents() {
        List<String> bad = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!d.bundle.symbolicName.startsWith("mechos.")) {
                continue;
            }
            if (!scr.isComponentEnabled(d) && d.defaultEnabled) {
                bad.add(d.name + " disabled");
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                        || c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    bad.add(d.name + " state=" + c.state + (c.failure == null ? "" : " " + c.failure)
                            + (c.unsatisfiedReferences.length == 0 ? ""
                                    : " unsatisfied=" + c.unsatisfiedReferences[0].name));
                }
            }
        }
        return bad;
    }

    @Test
    public void webConsoleRefusesAnonymousAndDefaultCredentialsAndAcceptsConfiguredOnes() {
        String url = consoleUrl("bundles");
        awaitCondition("console accepts configured credentials", Duration.ofSeconds(30),
                () -> status(url, MechosTestSupport.CONSOLE_USER, MechosTestSupport.CONSOLE_PASSWORD) == 200);
        assertEquals(401, status(url, null, null));
        assertEquals(401, status(url, "admin", "admin"));
        assertEquals(401, status(url, MechosTestSupport.CONSOLE_USER, "wrong"));
        assertEquals(200, status(url, MechosTestSupport.CONSOLE_USER, MechosTestSupport.CONSOLE_PASSWORD));
    }

    /** The platform's console component has @Modified: a new user name must take effect live. */
    @Test
    public void configAdminUpdateReachesModified() throws IOException {
        String url = consoleUrl("bundles");
        awaitCondition("console up", Duration.ofSeconds(30),
                () -> status(url, MechosTestSupport.CONSOLE_USER, MechosTestSupport.CONSOLE_PASSWORD) == 200);
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("mechos.platform.console", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("username", "robotops");
        c.update(props);
        try {
            awaitCondition("renamed console user accepted", Duration.ofSeconds(20),
                    () -> status(url, "robotops", MechosTestSupport.CONSOLE_PASSWORD) == 200);
            assertEquals(401, status(url, MechosTestSupport.CONSOLE_USER, MechosTestSupport.CONSOLE_PASSWORD));
        } finally {
            c.delete();
        }
    }

    private String consoleUrl(String page) {
        return "http://127.0.0.1:" + MechosTestSupport.httpPort(context) + "/system/console/" + page;
    }

    static int status(String url, String user, String password) {
        try {
            HttpURLConnection con = (HttpURLConnection) new URL(url).openConnection();
            con.setConnectTimeout(2000);
            con.setReadTimeout(5000);
            con.setInstanceFollowRedirects(false);
            if (user != null) {
                String token = Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
                con.setRequestProperty("Authorization", "Basic " + token);
            }
            int code = con.getResponseCode();
            con.disconnect();
            return code;
        } catch (IOException e) {
            return -1;
        }
    }
}
