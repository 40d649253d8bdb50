/**
 * Platform services every MechOS bundle may use: where the run directory is ({@link mechos.platform.api.RunDirectory}),
 * how payloads are bounded in log lines ({@link mechos.platform.api.LogText}) and how a component that judges its
 * own configuration tells the platform what may be persisted ({@link mechos.platform.api.ConfigurationJudge}, 1.2) and
 * which refusals of the platform's configuration check are current ({@link mechos.platform.api.ConfigurationRefusals}, 1.2),
 * and how a bundle checks what a metatype cannot express, such as a rule spanning several keys, before its components
 * see it ({@link mechos.platform.api.ConfigurationValidator}, {@link mechos.platform.api.ConfigurationProblem} and
 * {@link mechos.platform.api.ComponentProperties}, 1.3).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package mechos.platform.api;
