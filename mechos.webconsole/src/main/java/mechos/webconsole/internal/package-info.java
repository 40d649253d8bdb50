/**
 * Implementation of the MechOS Web Console page and metrics endpoint; private to the bundle.
 */
package mechos.webconsole.internal;
