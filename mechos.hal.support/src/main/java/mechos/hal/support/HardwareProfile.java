package mechos.hal.support;

import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The robot's hardware profile: which driver families run. One configuration, PID {@value #PID}, key
 * {@value #KEY} ({@code sim}, {@code serial}, {@code pi4j}, or several, e.g. {@code serial,pi4j}; default
 * {@code sim}). Registered as a service whose property {@value #PROPERTY} lists the active profiles; each driver
 * family's root component has a mandatory static reference to it with a target such as
 * {@code (mechos.hardware.profile=serial)} ({@link #target}). Changing the profile changes the service's
 * properties, so SCR deactivates the families no longer selected and activates the newly selected ones, at
 * runtime, with no per-device configuration edits.
 */
@ProviderType
public interface HardwareProfile {
    /** Configuration PID of the profile. */
    String PID = "mechos.hardware";
    /** Configuration key: the active profiles. */
    String KEY = "profile";
    /** Service property of this service: the active profiles (what driver references target). */
    String PROPERTY = "mechos.hardware.profile";
    /** The simulator ({@code mechos.hal.sim}). */
    String SIM = "sim";
    /** Serial devices ({@code mechos.hal.serial}: RPLIDAR, RoboClaw). */
    String SERIAL = "serial";
    /** Raspberry Pi GPIO ({@code mechos.hal.pi4j}). */
    String PI4J = "pi4j";
    /** Every profile MechOS knows. */
    Set<String> KNOWN = Set.of(SIM, SERIAL, PI4J);
    /** The bundle of each profile's drivers. */
    Map<String, String> BUNDLES = Map.of(SIM, "mechos.hal.sim", SERIAL, "mechos.hal.serial", PI4J, "mechos.hal.pi4j");
    /**
     * Service property: symbolic names of the driver bundles whose profile is <em>not</em> selected. A device of such a
     * bundle that goes away was switched off on purpose (the kernel forgets it instead of keeping it OFFLINE).
     */
    String STOPPED_BUNDLES = "mechos.hardware.stopped.bundles";

    /** @return the reference target that is satisfied while {@code profile} is active */
    static String target(String profile) {
        return "(" + PROPERTY + "=" + profile + ")";
    }

    /** @return the active profiles (never empty) */
    Set<String> profiles();
}
