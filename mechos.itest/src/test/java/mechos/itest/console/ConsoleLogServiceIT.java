package mechos.itest.console;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Hashtable;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import mechos.itest.support.MechosTestSupport;

/**
 * Issue 15: the Web Console's "Log Service" page works (it said "not installed"): it lists recent MechOS lines,
 * each once, and the bridge does not duplicate them in the log file.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleLogServiceIT {
    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin cm;

    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> true);
    }

    @Test
    public void theConsolesLogPageListsRecentMechosLinesOnce() throws Exception {
        ConsoleHttp http = new ConsoleHttp(MechosTestSupport.httpPort(context), MechosTestSupport.CONSOLE_USER,
                MechosTestSupport.CONSOLE_PASSWORD);
        awaitCondition("the console's log page answers", Duration.ofSeconds(60),
                () -> http.get("logs").status() == 200);
        // A MechOS line with a value no other line has: the kernel's WARN for a changed speed cap.
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("max_linear", 0.4321);
        cm.getConfiguration("mechos.kernel.rule.speed", "?").update(props);
        String marker = "max_linear 0.5 -> 0.4321";
        String[] data = new String[1];
        try {
            awaitCondition("the kernel's line on the console's log page", Duration.ofSeconds(30), () -> {
                ConsoleHttp.Response r = http.get("logs/data.json?minLevel=4&traces=false");
                data[0] = r.status() + " " + r.body();
                return r.status() == 200 && r.body().contains(marker);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the page's data: "
                    + data[0].substring(0, Math.min(2000, data[0].length())), e);
        }
        assertTrue(data[0], data[0].contains("\"status\":true"));
        assertTrue(data[0], data[0].contains("mechos.kernel.internal.policy.ConfigAudit - safety configuration"));
        assertEquals("the line once on the page: " + data[0], 1,
                data[0].split(java.util.regex.Pattern.quote(marker), -1).length - 1);
        Path log = Paths.get(System.getProperty("mechos.home"), "logs", "mechos.log");
        awaitCondition("the line in the log file", Duration.ofSeconds(10),
                () -> read(log).contains(marker));
        String text = read(log);
        assertEquals("the line once in the log file", 1,
                text.split(java.util.regex.Pattern.quote(marker), -1).length - 1);
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
