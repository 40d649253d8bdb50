package mechos.hal.serial.internal.rplidar;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import mechos.hal.serial.internal.port.Parity;
import mechos.hal.serial.internal.port.StopBits;

@ObjectClassDefinition(name = "MechOS RPLIDAR (serial)",
        description = "A SLAMTEC RPLIDAR A-series laser scanner on a serial port (standard scan mode). "
                + "One configuration per scanner; the port is opened in the background and reopened with backoff.")
public @interface RplidarConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id, e.g. 'lidar'.")
    String mechos_device_id() default "lidar";

    @AttributeDefinition(name = "Frame id", description = "Frame of the scans (its mount is a static transform).")
    String frame_id() default "laser";

    @AttributeDefinition(name = "Serial port", description = "Device path, e.g. /dev/ttyUSB0 or a udev symlink.")
    String port_path() default "/dev/ttyUSB0";

    @AttributeDefinition(name = "Baud rate", description = "115200 for A1/A2, 256000 for A3.")
    int port_baud() default 115200;

    @AttributeDefinition(name = "Data bits", description = "5..8.")
    int port_data_bits() default 8;

    @AttributeDefinition(name = "Parity", description = "Serial parity.")
    Parity port_parity() default Parity.NONE;

    @AttributeDefinition(name = "Stop bits", description = "Serial stop bits.")
    StopBits port_stop_bits() default StopBits.ONE;

    @AttributeDefinition(name = "Read timeout (ms)", description = "How long one read waits for data.")
    int port_read_timeout_ms() default 50;

    @AttributeDefinition(name = "Write timeout (ms)", description = "How long one write may block.")
    int port_write_timeout_ms() default 200;

    @AttributeDefinition(name = "Reply timeout (ms)",
            description = "How long to wait for the answer to GET_HEALTH, GET_INFO and SCAN before reconnecting.")
    int reply_timeout_ms() default 1000;

    @AttributeDefinition(name = "Beams per scan", min = "1", max = "8192",
            description = "Angular bins of the published scan (360 = 1°).")
    int scan_beams() default 360;

    @AttributeDefinition(name = "Minimum range (m)", description = "Closer returns are not valid.")
    double range_min_m() default 0.15;

    @AttributeDefinition(name = "Maximum range (m)", description = "Longest valid return (A1: 12 m).")
    double range_max_m() default 12.0;

    @AttributeDefinition(name = "Motor PWM",
            description = "0..1023; sent with SET_MOTOR_PWM (A2/A3). 0 sends nothing: A1 runs its motor from DTR.")
    int motor_pwm() default 0;

    @AttributeDefinition(name = "Silence before DEGRADED (ms)", description = "No scan data this long: DEGRADED.")
    int silence_degraded_ms() default 500;

    @AttributeDefinition(name = "Silence before OFFLINE (ms)",
            description = "No scan data this long: OFFLINE, and the port is reopened.")
    int silence_offline_ms() default 2000;

    @AttributeDefinition(name = "Minimum coverage", min = "0.1", max = "1.0",
            description = "Fraction (0.1..1) of the 36 10-degree sectors a revolution must cover to be published; "
                    + "partial revolutions are dropped (their uncovered bins would otherwise be unknown).")
    double scan_min_coverage() default 0.9;

    @AttributeDefinition(name = "Maximum angle step (deg)", min = "1", max = "180",
            description = "Largest clockwise step between consecutive nodes of one sweep (1..180). A node further "
                    + "off is a misaligned decode of damaged bytes and is dropped.")
    double scan_max_step_deg() default 20;

    @AttributeDefinition(name = "Error rate before FAULT", min = "0.01", max = "1.0",
            description = "Fraction (0.01..1) of scan bytes rejected (bad check bits, misaligned or implausible "
                    + "nodes) over a 250 ms window above which the LiDAR is FAULT and publishes nothing.")
    double error_rate_fault() default 0.15;

    @AttributeDefinition(name = "I/O watchdog (ms)", min = "20", max = "60000",
            description = "One call into the port (open, read, write) taking longer than this makes the LiDAR FAULT; "
                    + "the port is closed and reopened. Must exceed the read timeout.")
    int io_watchdog_ms() default 250;

    @AttributeDefinition(name = "Reconnect delay min (ms)", description = "First delay before reopening the port.")
    int reconnect_min_ms() default 100;

    @AttributeDefinition(name = "Reconnect delay max (ms)", description = "The delay doubles up to this.")
    int reconnect_max_ms() default 5000;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "RPLIDAR (serial) {mechos.device.id}";
}
