/**
 * Behaviour trees: the node contract, tick status and the blackboard nodes share. The engine, the composite
 * and decorator nodes, the built-in behaviours and the configuration syntax are private to {@code mechos.runtime}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package mechos.runtime.api.bt;
