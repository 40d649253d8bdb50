/** The planar pose filter fusing wheel odometry and IMU yaw rate. */
package mechos.perception.internal.fusion;
