/**
 * Platform services every MechOS bundle may use: where the run directory is ({@link mechos.platform.api.RunDirectory})
 * and how payloads are bounded in log lines ({@link mechos.platform.api.LogText}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package mechos.platform.api;
