/**
 * ROS {@code map_server} maps: {@link mechos.rosmap.api.RosMapLoader} reads the YAML description and its PGM or
 * PNG image into an immutable {@link mechos.rosmap.api.OccupancyGrid}. Shared by the simulator (its world) and
 * perception (localisation against a static map), so both read a map file the same way.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package mechos.rosmap.api;
