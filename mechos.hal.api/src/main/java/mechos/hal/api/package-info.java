/**
 * Device contracts between the MechOS kernel and hardware drivers: every device has an id and a
 * {@link mechos.hal.api.DeviceHealth health}; drive bases, joints and end effectors, relays, LiDAR, odometry, IMU,
 * bumpers, batteries, cameras and e-stop inputs are services that driver bundles register and the kernel tracks
 * dynamically. Units are SI (metres, seconds, radians) unless a method says otherwise; frames follow REP 103
 * (x forward, y left, z up, counter-clockwise positive yaw).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package mechos.hal.api;
