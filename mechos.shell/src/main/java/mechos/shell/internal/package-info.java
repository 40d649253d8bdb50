/**
 * Operator Gogo commands ({@code mechos:*}); private to the bundle. Commands are registered by the
 * {@code osgi.command.scope}/{@code osgi.command.function} service properties, so there is no Gogo dependency.
 */
package mechos.shell.internal;
