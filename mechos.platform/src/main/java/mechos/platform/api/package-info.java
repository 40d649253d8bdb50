/**
 * Platform services every MechOS bundle may use: where the run directory is ({@link mechos.platform.api.RunDirectory}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package mechos.platform.api;
