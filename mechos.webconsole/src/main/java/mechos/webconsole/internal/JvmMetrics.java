package mechos.webconsole.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JVM and process metrics (heap, GC, threads, CPU, open files, uptime) and build information, from the platform
 * MXBeans. Process CPU time and open files are read as attributes of {@code java.lang:type=OperatingSystem}
 * (JMX, no {@code com.sun.management} import); a JVM that lacks them simply omits those series.
 */
final class JvmMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(JvmMetrics.class);
    private final String version;

    /** @param version the MechOS version for {@code mechos_build_info} (the console bundle's version) */
    JvmMetrics(String version) {
        this.version = version;
    }

    void write(PrometheusText p) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        p.family("mechos_jvm_memory_used_bytes", "gauge", "JVM memory in use")
                .sample(heap.getUsed(), "area", "heap").sample(nonHeap.getUsed(), "area", "nonheap");
        p.family("mechos_jvm_memory_committed_bytes", "gauge", "JVM memory committed by the OS")
                .sample(heap.getCommitted(), "area", "heap").sample(nonHeap.getCommitted(), "area", "nonheap");
        if (heap.getMax() >= 0) {
            p.family("mechos_jvm_memory_max_bytes", "gauge", "JVM heap limit (-Xmx)").sample(heap.getMax(), "area",
                    "heap");
        }
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        p.family("mechos_jvm_gc_collections_total", "counter", "Garbage collections by collector");
        for (GarbageCollectorMXBean gc : gcs) {
            p.sample(Math.max(0, gc.getCollectionCount()), "gc", gc.getName());
        }
        p.family("mechos_jvm_gc_seconds_total", "counter", "Time spent in garbage collection by collector");
        for (GarbageCollectorMXBean gc : gcs) {
            p.sample(Math.max(0, gc.getCollectionTime()) / 1000.0, "gc", gc.getName());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        p.family("mechos_jvm_threads", "gauge", "JVM threads").sample(threads.getThreadCount(), "kind", "live")
                .sample(threads.getDaemonThreadCount(), "kind", "daemon")
                .sample(threads.getPeakThreadCount(), "kind", "peak");
        RuntimeMXBean rt = ManagementFactory.getRuntimeMXBean();
        p.family("mechos_process_uptime_seconds", "gauge", "Time since the JVM started")
                .sample(rt.getUptime() / 1000.0);
        p.family("mechos_process_cpus", "gauge", "Processors available to the JVM")
                .sample(Runtime.getRuntime().availableProcessors());
        Long cpu = osAttribute("ProcessCpuTime");
        if (cpu != null && cpu >= 0) {
            p.family("mechos_process_cpu_seconds_total", "counter", "CPU time used by the process")
                    .sample(cpu / (double) TimeUnit.SECONDS.toNanos(1));
        }
        Long fds = osAttribute("OpenFileDescriptorCount");
        if (fds != null && fds >= 0) {
            p.family("mechos_process_open_fds", "gauge", "Open file descriptors of the process").sample(fds);
        }
        p.family("mechos_build_info", "gauge", "Always 1; the labels name the running build")
                .sample(1, "version", version, "java", System.getProperty("java.runtime.version", "unknown"));
    }

    private static Long osAttribute(String name) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Object v = server.getAttribute(new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), name);
            return v instanceof Number n ? n.longValue() : null;
        } catch (JMException | RuntimeException e) {
            LOG.debug("JVM attribute {} not available; its series is omitted: {}", name, e.toString());
            return null;
        }
    }
}
