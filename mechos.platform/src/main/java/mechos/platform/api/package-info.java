/**
 * Platform services every MechOS bundle may use: where the run directory is ({@link mechos.platform.api.RunDirectory}),
 * how payloads are bounded in log lines ({@link mechos.platform.api.LogText}) and how a component that judges its
 * own configuration tells the platform what may be persisted ({@link mechos.platform.api.ConfigurationJudge}, 1.2) and
 * which refusals of the platform's metatype check are current ({@link mechos.platform.api.ConfigurationRefusals}, 1.2).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package mechos.platform.api;
