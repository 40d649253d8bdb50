/** The transform tree: static mounts from configuration and timestamped dynamic transforms. */
package mechos.perception.internal.frames;
