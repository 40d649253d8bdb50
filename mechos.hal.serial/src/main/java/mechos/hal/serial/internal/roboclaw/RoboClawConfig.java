package mechos.hal.serial.internal.roboclaw;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import mechos.hal.serial.internal.port.Parity;
import mechos.hal.serial.internal.port.StopBits;

@ObjectClassDefinition(name = "MechOS RoboClaw drive base (serial)",
        description = "A differential drive on a Basicmicro RoboClaw in packet serial mode: signed wheel speed "
                + "commands with CRC16, encoder and speed reads, odometry. One configuration per controller.")
public @interface RoboClawConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id of the drive base, e.g. 'base'.")
    String mechos_device_id() default "base";

    @AttributeDefinition(name = "Odometry device id",
            description = "Device id of the wheel odometry this controller provides; empty for none.")
    String odometry_id() default "odom";

    @AttributeDefinition(name = "Serial port", description = "Device path, e.g. /dev/ttyACM0 (USB) or /dev/ttyS0.")
    String port_path() default "/dev/ttyACM0";

    @AttributeDefinition(name = "Baud rate", description = "Must match the controller's packet serial baud rate.")
    int port_baud() default 38400;

    @AttributeDefinition(name = "Data bits", description = "5..8.")
    int port_data_bits() default 8;

    @AttributeDefinition(name = "Parity", description = "Serial parity.")
    Parity port_parity() default Parity.NONE;

    @AttributeDefinition(name = "Stop bits", description = "Serial stop bits.")
    StopBits port_stop_bits() default StopBits.ONE;

    @AttributeDefinition(name = "Read timeout (ms)", description = "How long one read waits for data.")
    int port_read_timeout_ms() default 10;

    @AttributeDefinition(name = "Write timeout (ms)", description = "How long one write may block.")
    int port_write_timeout_ms() default 100;

    @AttributeDefinition(name = "Address", description = "Packet serial address, 128..135.")
    int address() default 128;

    @AttributeDefinition(name = "Reply timeout (ms)", description = "How long to wait for one acknowledgement or reply.")
    int reply_timeout_ms() default 30;

    @AttributeDefinition(name = "Control period (ms)",
            description = "Speed command and encoder/speed read cycle. Commands are also sent at once when they change.")
    int period_ms() default 20;

    @AttributeDefinition(name = "Stop acknowledgement timeout (ms)", min = "0", max = "1000",
            description = "When > 0, stop() (the kernel's safe state) returns only once the controller acknowledged "
                    + "zero speed, and fails after this long; it must stay well below the kernel's dispatch deadline "
                    + "(dispatch_deadline_ms, 50) including the controller's round trip, or a slow link turns every "
                    + "stop into a 'hung driver' FAULT. 0 (default): return once the I/O thread has the zero, which "
                    + "it sends at once. On JVM exit the driver waits for the acknowledged zero regardless.")
    int stop_ack_timeout_ms() default 0;

    @AttributeDefinition(name = "Silence before OFFLINE (ms)",
            description = "No good exchange for this long: OFFLINE, motors assumed stopped by the controller's own "
                    + "serial timeout, and the port is reopened.")
    int offline_after_ms() default 500;

    @AttributeDefinition(name = "Good cycles to recover",
            description = "Consecutive clean cycles needed to go from DEGRADED back to ONLINE.")
    int recover_cycles() default 5;

    @AttributeDefinition(name = "Wheel separation (m)", description = "Distance between the wheels' contact points.")
    double wheel_separation_m() default 0.30;

    @AttributeDefinition(name = "Wheel radius (m)", description = "Drive wheel radius.")
    double wheel_radius_m() default 0.05;

    @AttributeDefinition(name = "Encoder counts per wheel turn",
            description = "Quadrature counts per wheel revolution (after the gearbox).")
    double encoder_counts_per_rev() default 2000;

    @AttributeDefinition(name = "Max wheel speed (m/s)", description = "Hardware limit; commands are scaled below it.")
    double max_linear() default 1.0;

    @AttributeDefinition(name = "Max angular speed (rad/s)", description = "Hardware limit reported to the kernel.")
    double max_angular() default 3.0;

    @AttributeDefinition(name = "Footprint radius (m)", description = "Radius of a circle enclosing the robot.")
    double footprint_radius_m() default 0.25;

    @AttributeDefinition(name = "Swap motors", description = "false: M1 drives the left wheel; true: M1 is right.")
    boolean swap_motors() default false;

    @AttributeDefinition(name = "Left inverted", description = "The left motor turns backwards for positive speed.")
    boolean left_inverted() default false;

    @AttributeDefinition(name = "Right inverted", description = "The right motor turns backwards for positive speed.")
    boolean right_inverted() default false;

    @AttributeDefinition(name = "I/O watchdog (ms)", min = "20", max = "60000",
            description = "One call into the port (open, read, write) taking longer than this makes the drive FAULT; "
                    + "the port is closed under the call and reopened, and only zero speed is sent after a reconnect. "
                    + "Must exceed the read timeout.")
    int io_watchdog_ms() default 100;

    @AttributeDefinition(name = "Reconnect delay min (ms)", description = "First delay before reopening the port.")
    int reconnect_min_ms() default 100;

    @AttributeDefinition(name = "Reconnect delay max (ms)", description = "The delay doubles up to this.")
    int reconnect_max_ms() default 5000;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "RoboClaw drive base (serial) {mechos.device.id}";
}
