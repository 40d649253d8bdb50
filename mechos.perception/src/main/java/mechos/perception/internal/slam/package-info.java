/**
 * Localisation from the LiDAR: a likelihood field ({@link mechos.perception.internal.slam.ScoreField}), a
 * correlative scan matcher with the odometry prior ({@link mechos.perception.internal.slam.ScanMatcher}) and
 * the tracker that keeps {@code map -> odom} ({@link mechos.perception.internal.slam.Localiser}), building its
 * own map (SLAM front end) or matching against a static ROS map.
 */
package mechos.perception.internal.slam;
